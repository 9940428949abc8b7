import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Database } from '../db/types.js';
import type { Actor } from './access/actor.js';

/** What every service function receives: the database, the caller, and the configuration. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  config: Config;
}

/** A Kysely handle that may be the database itself or an open transaction. */
export type Executor = Kysely<Database>;
