/**
 * `npm run bench -- <name> [options]` runs one benchmark; without a name it lists them.
 * Benchmarks print their figures and a one-line summary. They fail when they cannot measure
 * (a server does not start, a request is refused), never because something was slow.
 */
export {};

interface Benchmark {
  name: string;
  summary: string;
  load: () => Promise<{ run(argv: string[]): Promise<void> }>;
}

// Loaded on demand: listing should not import the server.
const BENCHMARKS: Benchmark[] = [
  { name: 'customers', summary: 'GET /api/v1/customers under load: Fuwu against a bare Fastify + SQL baseline', load: () => import('./customers-list.js') },
  { name: 'case-create', summary: 'POST /api/v1/cases under load (50 connections, Bearer token): Fuwu against a bare insert baseline', load: () => import('./case-create.js') },
  { name: 'case-search', summary: 'search for 2-character words over 1,000,000 cases: p95 latency', load: async () => (await import('./case-queries.js')).search },
  { name: 'case-queue', summary: 'the workspace queue page (site + status, 20 rows) over 1,000,000 cases: p95 latency', load: async () => (await import('./case-queries.js')).queue },
  { name: 'outbox-email', summary: '10,000 queued emails delivered by the outbox worker to a local SMTP server: messages/s', load: () => import('./outbox-email.js') },
  { name: 'revisit-plans', summary: 'generate the due revisits of 200,000 customers under VIP/key tier plans: seconds and revisits/s', load: () => import('./revisit-plans.js') },
  { name: 'survey-import', summary: 'import 100,000 SERVQUAL responses (22 pairs + allocation) from one CSV: dry run and import seconds, peak RSS', load: () => import('./survey-import.js') },
  { name: 'first-start', summary: 'a fresh clone: seconds for npm ci, then npm start until the page is served', load: () => import('./first-start.js') },
];

const [requested, ...rest] = process.argv.slice(2);
const benchmark = BENCHMARKS.find((b) => b.name === requested);
if (!benchmark) {
  const unknown = requested !== undefined && requested !== '--help';
  if (unknown) console.error(`No benchmark named "${requested}".\n`);
  console.log('Benchmarks (npm run bench -- <name> [--help]):');
  for (const b of BENCHMARKS) console.log(`  ${b.name.padEnd(13)} ${b.summary}`);
  process.exitCode = unknown ? 1 : 0;
} else {
  try {
    await (await benchmark.load()).run(rest);
  } catch (error) {
    console.error(`\n${benchmark.name} could not be measured: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
