/**
 * `npm run bench -- first-start`: what a new user waits for. Clones the committed tree, runs
 * `npm ci`, then `npm start` (web build, migrations, demo data, listen) until `/` serves the page.
 * Uncommitted work is not measured: a user only ever gets what is committed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, repoRoot, runCommand, sleep } from './lib/proc.js';

const USAGE = `npm run bench -- first-start [options]
  --warm-cache   let npm ci use this machine's npm cache (default: an empty cache, as on a new machine)
  --keep         keep the clone and print where it is
Needs git and network access to the npm registry.`;

/** Give up after this long: a start that never serves the page cannot be measured. */
const START_LIMIT_MS = 10 * 60_000;

/**
 * The environment a user's shell would have: npm run adds its own npm_* variables and this
 * repository's node_modules/.bin to PATH, and the clone must not inherit either.
 */
function userEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^npm_/i.test(key)) continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => !dir.startsWith(repoRoot) && !dir.includes(`${path.sep}node-gyp-bin`))
    .join(path.delimiter);
  return env;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { 'warm-cache': { type: 'boolean', default: false }, keep: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fuwu-first-start-'));
  const dir = path.join(tmp, 'fuwu');
  // npm start runs in its own process group, which Ctrl-C in the terminal does not reach.
  const onInterrupt = () => {
    if (startGroup) process.kill(-startGroup, 'SIGKILL');
    if (!values.keep) fs.rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    const clone = await runCommand('git', ['clone', '--quiet', repoRoot, dir]);
    if (clone.code !== 0) throw new Error(`git clone failed: ${clone.stderr.trim()}`);
    const commit = (await runCommand('git', ['log', '-1', '--format=%h %s'], { cwd: dir })).stdout.trim();
    console.log(`first-start: ${commit}`);
    console.log(`  clone in ${dir} · ${values['warm-cache'] ? "this machine's npm cache" : 'empty npm cache'} · ${os.cpus().length} CPUs · Node ${process.version}`);
    // npm ci compiles better-sqlite3: other work on the machine lengthens it a lot.
    console.log(`  load average at start ${os.loadavg()[0].toFixed(2)}`);

    // better-sqlite3 compiles from source here and node-gyp needs the system's Node headers (DESIGN.md).
    const env: Record<string, string> = { ...userEnv(), npm_config_nodedir: '/usr' };
    if (!values['warm-cache']) env.npm_config_cache = path.join(tmp, 'npm-cache');

    const ci = await runCommand('npm', ['ci'], { cwd: dir, env });
    if (ci.code !== 0) throw new Error(`npm ci failed (exit ${ci.code}):\n${(ci.stdout + ci.stderr).trim().split('\n').slice(-30).join('\n')}`);
    const added = /added (\d+) packages/.exec(ci.stdout)?.[1];
    console.log(`  npm ci                      ${seconds(ci.seconds * 1000).padStart(8)}${added ? `   (${added} packages)` : ''}`);

    const port = await freePort();
    const served = await timeStart(dir, {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${path.join(tmp, 'data', 'fuwu.db')}`,
      DATA_DIR: path.join(tmp, 'data'),
    }, port);
    if (values.keep) fs.writeFileSync(path.join(tmp, 'npm-start.log'), served.output);
    const detail = [served.builtWeb ? 'web app built' : 'no web build', served.runningMs === undefined ? '' : `server said "running" after ${seconds(served.runningMs)}`].filter(Boolean).join(', ');
    console.log(`  npm start → page served     ${seconds(served.pageMs).padStart(8)}   (${detail})`);
    const totalMs = ci.seconds * 1000 + served.pageMs;
    console.log(`  total                       ${seconds(totalMs).padStart(8)}`);
    console.log(`\nsummary: first-start npm ci ${seconds(ci.seconds * 1000)} + npm start to served page ${seconds(served.pageMs)} = ${seconds(totalMs)}`);
  } finally {
    process.off('SIGINT', onInterrupt);
    if (values.keep) console.log(`  kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The process group of the running `npm start`, for the interrupt handler. */
let startGroup: number | undefined;

/** Runs `npm start` until GET / answers 200 with HTML, then stops it and everything it started. */
async function timeStart(dir: string, env: Record<string, string>, port: number): Promise<{ pageMs: number; runningMs?: number; builtWeb: boolean; output: string }> {
  const started = performance.now();
  // Its own process group: npm start runs a shell, vite, then tsx and node; all of them must go.
  const child = spawn('npm', ['start'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  startGroup = child.pid;
  let output = '';
  let runningMs: number | undefined;
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (runningMs === undefined && output.includes('is running at')) runningMs = performance.now() - started;
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`npm start exited before serving the page:\n${output.trim().split('\n').slice(-30).join('\n')}`);
      if (performance.now() - started > START_LIMIT_MS) throw new Error(`npm start did not serve the page within ${START_LIMIT_MS / 60_000} minutes:\n${output.trim().split('\n').slice(-30).join('\n')}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) });
        const body = await res.text();
        if (res.status === 200 && (res.headers.get('content-type') ?? '').includes('text/html') && /<html/i.test(body)) {
          return { pageMs: performance.now() - started, runningMs, builtWeb: output.includes('Building the web app'), output };
        }
      } catch {
        // Not listening yet.
      }
      await sleep(100);
    }
  } finally {
    await stopGroup(child.pid!);
    startGroup = undefined;
  }
}

const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * SIGTERM to the whole group (npm, the shell, node), then waits for every member: npm may exit
 * before the server it started has finished shutting down. SIGKILL after 10 s.
 */
async function stopGroup(pgid: number): Promise<void> {
  if (!groupAlive(pgid)) return;
  process.kill(-pgid, 'SIGTERM');
  const deadline = performance.now() + 10_000;
  while (groupAlive(pgid) && performance.now() < deadline) await sleep(100);
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
}
