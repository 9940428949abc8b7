import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(benchDir, '..');

/** Marker a server child prints once it listens, so the parent can tell it apart from log lines. */
export const LISTENING_MARKER = 'BENCH_LISTENING ';

/** A free loopback port, for programs that must be told their port up front (`npm start`). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerChild {
  child: ChildProcess;
  port: number;
  /** Asks the server to stop (SIGTERM, so a CPU profile gets written) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts a TypeScript server script in its own Node process and waits for its listening marker.
 * Servers run as children, not in this process, so that the seeding work done here (heap, JIT
 * state) does not colour their figures and both servers are measured the same way.
 */
export async function startServerChild(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<ServerChild> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith(LISTENING_MARKER)) {
          resolve(Number(line.slice(LISTENING_MARKER.length)));
        } else if (line.trim()) {
          // Warnings and errors the server logs are worth seeing: they may explain a figure.
          process.stderr.write(`  [${path.basename(script)}] ${line}\n`);
        }
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`${script} exited before listening (code ${code}, signal ${signal})`)));
    child.once('error', reject);
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    child,
    port,
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs a command to completion, capturing its output, and times it. */
export async function runCommand(command: string, args: string[], options: SpawnOptions & { echo?: boolean } = {}): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (options.echo) process.stdout.write(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (options.echo) process.stderr.write(chunk);
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 }));
  });
}

/**
 * For a baseline server run as a benchmark's child: listens on a random loopback port, prints it
 * after the marker, and exits on SIGTERM (the database goes with the process, not before
 * requests still in flight).
 */
export async function serveForBenchmark(app: { listen(o: { port: number; host: string }): Promise<unknown>; server: { address(): unknown }; close(): Promise<unknown> }): Promise<void> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port?: number } | null;
  process.stdout.write(`${LISTENING_MARKER}${address?.port ?? 0}\n`);
  process.once('SIGTERM', async () => {
    await app.close();
    process.exit(0);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
