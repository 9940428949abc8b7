import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../shared/errors.js';
import { ROLES, type Role } from '../shared/roles.js';
import { passwordSchema } from '../shared/schemas/auth.js';
import { username as usernameSchema } from '../shared/schemas/org.js';
import { ConfigError, loadConfig } from './config.js';
import { type Db, openDatabase } from './db/database.js';
import { isUniqueViolation } from './db/dialect.js';
import { migrateDown, migrateToLatest } from './db/migrate.js';
import { seedDemo } from './demo/seed-demo.js';
import { hashPassword } from './lib/password.js';
import { insertAuditEvent } from './modules/audit/audit.repository.js';
import { createTokenForUsername } from './modules/tokens/tokens.service.js';
import { insertUsers } from './modules/users/users.repository.js';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate [--down]                      bring the database schema up to date (or revert the last migration)
  create-user <username> --name <name> --password <pw> --role <role>[@<siteCode>] [--role ...] [--org <slug>]
                                        create a staff account; roles: ${ROLES.join(', ')}
                                        a role without @siteCode is organisation-wide
  create-token --user <username> --name <label>
                                        issue an API token acting as the user (printed once)
  seed-demo [--customers <n>] [--slug <slug>]
                                        create the demo organisation with sites, users and customers
  backup <file>                         copy the SQLite database online to <file>

The database is DATABASE_URL (default sqlite:./data/fuwu.db).`;

function out(line: string): void {
  process.stdout.write(line + '\n');
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function createUserCommand(db: Db, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { name: { type: 'string' }, password: { type: 'string' }, role: { type: 'string', multiple: true }, org: { type: 'string' } },
  });
  const problems: string[] = [];
  const username = usernameSchema.safeParse(positionals[0] ?? '');
  if (!username.success) problems.push('username: 2–64 letters, digits, dot, dash or underscore');
  if (!values.name) problems.push('--name is required');
  if (!passwordSchema.safeParse(values.password ?? '').success) problems.push('--password: at least 8 characters');
  const roles = (values.role ?? []).map((spec) => {
    const [role, siteCode] = spec.split('@');
    if (!ROLES.includes(role as Role)) problems.push(`--role ${spec}: unknown role (${ROLES.join(', ')})`);
    return { role: role as Role, siteCode };
  });
  if (roles.length === 0) problems.push('at least one --role is required');
  if (problems.length) fail(`create-user:\n  ${problems.join('\n  ')}`);

  const org = values.org
    ? await db.kysely.selectFrom('organizations').select(['id']).where('slug', '=', values.org).executeTakeFirst()
    : await db.kysely.selectFrom('organizations').select(['id']).orderBy('created_at').limit(1).executeTakeFirst();
  if (!org) fail(values.org ? `No organisation with slug ${values.org}` : 'No organisation yet: start the server once or run seed-demo');
  const grants: { role: Role; siteId: string | null }[] = [];
  for (const r of roles) {
    let siteId: string | null = null;
    if (r.siteCode) {
      const site = await db.kysely.selectFrom('sites').select('id').where('org_id', '=', org.id).where('code', '=', r.siteCode).executeTakeFirst();
      if (!site) fail(`No site with code ${r.siteCode}`);
      siteId = site.id;
    }
    grants.push({ role: r.role, siteId });
  }
  const passwordHash = await hashPassword(values.password!);
  let id = '';
  try {
    await db.kysely.transaction().execute(async (trx) => {
      [id] = await insertUsers(trx, org.id, [{ username: username.data!, name: values.name!, passwordHash, mustChangePassword: false, grants }]);
      await insertAuditEvent(trx, null, org.id, { action: 'create', entity: 'user', entityId: id, after: { username: username.data, via: 'cli', roles: values.role } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) fail(`The username ${username.data} is taken`);
    throw error;
  }
  out(`Created user ${username.data} (${id})`);
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (!command || command === 'help' || command === '--help') {
    out(USAGE);
    return;
  }
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const db = openDatabase(config.database);
  try {
    switch (command) {
      case 'migrate': {
        if (args.includes('--down')) {
          const name = await migrateDown(db.kysely);
          out(name ? `Reverted ${name}` : 'Nothing to revert');
        } else {
          const applied = await migrateToLatest(db.kysely);
          out(applied.length ? `Applied ${applied.join(', ')}` : 'The schema is up to date');
        }
        break;
      }
      case 'create-user':
        await migrateToLatest(db.kysely);
        await createUserCommand(db, args);
        break;
      case 'create-token': {
        const { values } = parseArgs({ args, options: { user: { type: 'string' }, name: { type: 'string' } } });
        if (!values.user || !values.name) fail('create-token needs --user <username> and --name <label>');
        await migrateToLatest(db.kysely);
        const token = await createTokenForUsername(db, values.user, values.name);
        out(token);
        process.stderr.write('Keep this token secret; it is not shown again. Use it as: Authorization: Bearer <token>\n');
        break;
      }
      case 'seed-demo': {
        const { values } = parseArgs({ args, options: { customers: { type: 'string' }, slug: { type: 'string' } } });
        const customers = values.customers ? Number(values.customers) : undefined;
        if (customers !== undefined && (!Number.isInteger(customers) || customers < 0)) fail('--customers must be a whole number');
        await migrateToLatest(db.kysely);
        const started = Date.now();
        const demo = await seedDemo(db, { timezone: config.defaultTimezone, customers, slug: values.slug });
        out(`Demo organisation "${demo.orgName}" (${demo.orgSlug}) created in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
        out(`Demo logins (password ${demo.password}):`);
        const width = Math.max(...demo.logins.map((l) => l.username.length)) + 2;
        for (const l of demo.logins) out(`  ${l.username.padEnd(width)} ${l.description}`);
        break;
      }
      case 'backup': {
        const file = args[0];
        if (!file) fail('backup needs a target file: npm run cli -- backup ./backups/fuwu-2026-11-23.db');
        if (!db.sqlite) {
          fail(
            'backup copies the SQLite database. On PostgreSQL use pg_dump, e.g.\n' +
              '  pg_dump --format=custom --file=fuwu.dump "$DATABASE_URL"\n' +
              'and restore with pg_restore --clean --dbname "$DATABASE_URL" fuwu.dump',
          );
        }
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
        // better-sqlite3's online backup: consistent while the server keeps writing.
        await db.sqlite.backup(file);
        out(`Backed up to ${file} (${(fs.statSync(file).size / 1024).toFixed(0)} KiB)`);
        break;
      }
      default:
        fail(`Unknown command ${command}\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof AppError || (error instanceof Error && /already exists/.test(error.message))) fail(error.message);
    throw error;
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
