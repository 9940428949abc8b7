import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, runCommand } from './proc.js';

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  /** a POST with this JSON body instead of a GET */
  postJson?: unknown;
  connections: number;
  /** Seconds of measured load. */
  duration: number;
  /** Seconds of load before it whose results are discarded (JIT, SQLite page cache, pools). */
  warmup: number;
  /** The server's process id: its CPU time is read around the measured run (Linux). */
  serverPid?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  totalRequests: number;
  latencyP50: number;
  latencyP99: number;
  latencyMax: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /**
   * The server's CPU time (user + system) per response during the measured run. Unlike
   * throughput it barely moves when another process takes a share of the machine, so it is the
   * figure to compare between runs and builds.
   */
  cpuMsPerRequest?: number;
}

interface AutocannonJson {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

const autocannonBin = path.join(repoRoot, 'node_modules/.bin/autocannon');

async function autocannon(options: LoadOptions, seconds: number): Promise<LoadResult> {
  const args = ['-c', String(options.connections), '-d', String(seconds), '--json', '--no-progress'];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}=${value}`);
  if (options.postJson !== undefined) args.push('-m', 'POST', '-H', 'content-type=application/json', '-b', JSON.stringify(options.postJson));
  args.push(options.url);
  // A separate process: a load generator sharing the server's event loop would measure itself.
  const result = await runCommand(autocannonBin, args, { cwd: repoRoot });
  const line = result.stdout.trim().split('\n').at(-1);
  if (result.code !== 0 || !line) throw new Error(`autocannon failed (exit ${result.code}): ${result.stderr.trim()}`);
  const json = JSON.parse(line) as AutocannonJson;
  return {
    requestsPerSecond: json.requests.average,
    totalRequests: json.requests.total,
    latencyP50: json.latency.p50,
    latencyP99: json.latency.p99,
    latencyMax: json.latency.max,
    non2xx: json.non2xx,
    errors: json.errors,
    timeouts: json.timeouts,
  };
}

/**
 * Warms up, then measures. Error responses make the figure meaningless (a 401 is cheap), so they
 * are an error here; slowness never is: timeouts and dropped connections are reported with the
 * figures, not thrown.
 */
export async function measureLoad(options: LoadOptions): Promise<LoadResult> {
  if (options.warmup > 0) await autocannon(options, options.warmup);
  const cpuBefore = options.serverPid ? processCpuMs(options.serverPid) : undefined;
  const result = await autocannon(options, options.duration);
  const cpuAfter = options.serverPid ? processCpuMs(options.serverPid) : undefined;
  if (cpuBefore !== undefined && cpuAfter !== undefined && result.totalRequests > 0) {
    result.cpuMsPerRequest = (cpuAfter - cpuBefore) / result.totalRequests;
  }
  if (result.non2xx > 0) {
    throw new Error(`${options.url}: ${result.non2xx} responses under load were not 2xx; the figure would not measure the endpoint`);
  }
  return result;
}

/** Clock ticks per second of /proc/<pid>/stat's times; 100 on every Linux Node supports. */
const CLOCK_TICKS = 100;

/** CPU milliseconds a process has used so far, or undefined where /proc is missing. */
function processCpuMs(pid: number): number | undefined {
  try {
    // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
