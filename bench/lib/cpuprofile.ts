import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './proc.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
}

/** Where a frame lives, short enough to read: a package name or a path inside the repository. */
function place(url: string): string {
  if (!url) return '(native)';
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (file.startsWith('node:')) return file;
  return path.relative(repoRoot, file);
}

function busySamples(profile: Profile): number {
  return profile.nodes.reduce((sum, n) => sum + (n.callFrame.functionName === '(idle)' ? 0 : (n.hitCount ?? 0)), 0);
}

/**
 * The main thread's profile among those `--cpu-prof` wrote to a directory: tsx's module loader
 * runs in a worker thread that writes its own, mostly idle, profile.
 */
export function mainThreadProfile(dir: string): string {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const busy = files.map((f) => ({ file: path.join(dir, f), busy: busySamples(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Profile) }));
  busy.sort((a, b) => b.busy - a.busy);
  if (!busy.length) throw new Error(`no CPU profile was written to ${dir}`);
  return busy[0].file;
}

/**
 * Self time of a `--cpu-prof` profile grouped two ways: by package or source file (which layer
 * the time goes to) and by function (what to look at). Percentages are of samples taken.
 */
export function summariseProfile(file: string, top = 15): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const total = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0) || 1;
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const where = place(node.callFrame.url);
    byPlace.set(where, (byPlace.get(where) ?? 0) + hits);
    const fn = `${node.callFrame.functionName || '(anonymous)'}  ${where}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
  }
  const rows = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => `    ${((100 * hits) / total).toFixed(1).padStart(5)} %  ${name}`)
      .join('\n');
  // V8 charges a native call (better-sqlite3 running a statement) to the JS function that made it.
  const note = '  (time in native code is charged to its JS caller: on SQLite, kysely executeQuery is mostly SQLite running the SQL)';
  return `  self time by package / file:\n${rows(byPlace)}\n  self time by function:\n${rows(byFunction)}\n${note}`;
}
