// Placeholder replaced by the demo generator (being written); keeps the import graph whole.
import type { Db } from '../db/database.js';

export interface DemoResult {
  orgId: string;
  orgSlug: string;
  orgName: string;
  password: string;
  logins: { username: string; description: string }[];
}

export async function seedDemo(_db: Db, _options: { timezone: string; customers?: number; seed?: number }): Promise<DemoResult> {
  throw new Error('demo generator not written yet');
}
