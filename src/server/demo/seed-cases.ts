/**
 * Writes planned cases (cases.ts) in batches: the cases, their events, their search index rows,
 * then the day counters so that the next case recorded through the app takes the next number.
 * Runs inside the caller's transaction for the demo (all or nothing); the benchmark generator
 * calls it per chunk.
 */
import type { Db } from '../db/database.js';
import { OPEN_STATUSES, type CaseStatus } from '../../shared/cases/state-machine.js';
import { recomputeCaseStage } from '../modules/ladder/ladder.service.js';
import { indexNewCases } from '../modules/search/search.repository.js';
import type { PlannedCase } from './cases.js';

// A case row has about 30 columns: 300 rows stay far below both engines' bound-parameter limits.
const CASE_BATCH = 300;
const EVENT_BATCH = 800;

export interface CaseCounts {
  cases: number;
  events: number;
}

/** Stores the cases; `db.kysely` may be a transaction. Returns how many rows went in. */
/**
 * `ladder`: which cases are placed on the dissatisfaction ladder after they are written, by the
 * same code as a live write: every case (the demo, for its reports), or only the open ones
 * (large benchmark datasets, where the ladder's queries would multiply the generation time).
 */
export async function writePlannedCases(db: Db, planned: Iterable<PlannedCase>, options: { ladder: 'all' | 'open'; onProgress?: (written: number) => void }): Promise<CaseCounts> {
  const counts: CaseCounts = { cases: 0, events: 0 };
  const lastOfDay = new Map<string, { orgId: string; last: number }>();
  let batch: PlannedCase[] = [];
  const flush = async () => {
    if (!batch.length) return;
    await db.kysely.insertInto('cases').values(batch.map((p) => p.row)).execute();
    const events = batch.flatMap((p) => p.events);
    for (let i = 0; i < events.length; i += EVENT_BATCH) await db.kysely.insertInto('case_events').values(events.slice(i, i + EVENT_BATCH)).execute();
    const recoveries = batch.flatMap((p) => (p.recovery ? [p.recovery] : []));
    if (recoveries.length) await db.kysely.insertInto('case_recoveries').values(recoveries).execute();
    await indexNewCases(db, batch.map((p) => ({ orgId: p.row.org_id, caseId: p.row.id, text: p.searchText })));
    const words = new Map();
    for (const p of batch) {
      if (options.ladder === 'all' || OPEN_STATUSES.includes(p.row.status as CaseStatus)) await recomputeCaseStage(db, p.row.org_id, p.row.id, { announce: false, words });
    }
    counts.cases += batch.length;
    counts.events += events.length;
    batch = [];
    options.onProgress?.(counts.cases);
  };
  for (const p of planned) {
    const sequence = Number(p.row.number.slice(p.row.number.lastIndexOf('-') + 1));
    const key = `${p.row.org_id}/${p.day}`;
    if ((lastOfDay.get(key)?.last ?? 0) < sequence) lastOfDay.set(key, { orgId: p.row.org_id, last: sequence });
    batch.push(p);
    if (batch.length === CASE_BATCH) await flush();
  }
  await flush();
  for (const [key, { orgId, last }] of lastOfDay) {
    const day = key.slice(key.indexOf('/') + 1);
    // Never lower a counter: cases recorded before these keep their numbers taken.
    const existing = await db.kysely.selectFrom('case_number_counters').select('last').where('org_id', '=', orgId).where('day', '=', day).executeTakeFirst();
    if (existing && existing.last >= last) continue;
    await db.kysely
      .insertInto('case_number_counters')
      .values({ org_id: orgId, day, last })
      .onConflict((oc) => oc.columns(['org_id', 'day']).doUpdateSet({ last }))
      .execute();
  }
  return counts;
}
