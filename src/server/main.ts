import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { bootstrap } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { JOBS } from './jobs/index.js';
import { startJobs } from './jobs/runner.js';
import { closeOutbox, configureOutbox } from './modules/outbox/outbox.worker.js';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function main(): Promise<void> {
  let config;
  try {
    // `npm start` is the demo path: demo data is on unless DEMO_DATA=0.
    config = loadConfig({ DEMO_DATA: '1', ...process.env }, { webDir: path.join(rootDir, 'dist/web') });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const db = openDatabase(config.database);
  await migrateToLatest(db.kysely);
  const app = await buildApp({ config, db });
  const boot = await bootstrap(db, config);

  await app.listen({ port: config.port, host: config.host });
  const transports = configureOutbox(config, app.log);
  const jobs = startJobs(db, app.log, JOBS);
  const url = `http://localhost:${config.port}`;
  const lines = [``, `  Fuwu 服务 is running at ${url}  (database: ${db.dialect})`];
  if (boot.admin) {
    lines.push(`  Administrator: admin / ${boot.admin.password}${boot.admin.generated ? '   (generated: shown only this once; change it after signing in)' : ''}`);
  }
  if (boot.demo) {
    lines.push(`  Demo organisation "${boot.demo.orgName}" created. Demo logins (password ${boot.demo.password}):`);
    const width = Math.max(...boot.demo.logins.map((l) => l.username.length)) + 2;
    for (const login of boot.demo.logins) lines.push(`    ${login.username.padEnd(width)} ${login.description}`);
  }
  lines.push(`  Email: ${transports.email === 'log' ? 'log only (set SMTP_URL and SMTP_FROM to send)' : 'SMTP'}   SMS: ${transports.sms === 'log' ? 'log only (set SMS_WEBHOOK_URL and SMS_WEBHOOK_SECRET to send)' : 'gateway webhook'}`);
  process.stdout.write(lines.join('\n') + '\n\n');
  if (transports.email === 'log' || transports.sms === 'log') app.log.warn({ email: transports.email, sms: transports.sms }, 'outbox: messages of unconfigured channels are written to the log, not sent');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    await jobs.stop();
    await closeOutbox();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(`Fuwu failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
