import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';

export interface RouteDeps {
  db: Db;
  config: Config;
}

/** A module's routes: a Fastify plugin with Zod-typed schemas and the shared dependencies. */
export type RoutesPlugin = FastifyPluginAsyncZod<RouteDeps>;
