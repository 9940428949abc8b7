import type { Db } from '../../src/server/db/database.js';
import { DEMO_SLUG, seedDemo } from '../../src/server/demo/seed-demo.js';

export interface SeededOrg {
  orgId: string;
  /** An organisation-wide administrator: sees every customer unmasked, the widest list query. */
  adminUsername: string;
}

/** The demo organisation (its fixed seed, so every run measures the same people) with `customers` customers. */
export async function seedBenchOrg(db: Db, customers: number): Promise<SeededOrg> {
  const demo = await seedDemo(db, { timezone: 'Asia/Shanghai', customers });
  const adminUsername = `${DEMO_SLUG}.admin`;
  if (!demo.logins.some((l) => l.username === adminUsername)) throw new Error(`the demo organisation has no ${adminUsername} login`);
  return { orgId: demo.orgId, adminUsername };
}
