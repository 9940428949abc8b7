import type { Db } from '../../db/database.js';
import type { Actor } from '../access/actor.js';
import { ladderAfterCaseWrite } from '../ladder/ladder.service.js';

/** What just happened to a case; `kind` names the write, `action` the lifecycle action for transitions. */
export interface CaseChange {
  kind: 'created' | 'transition' | 'comment' | 'note' | 'cause' | 'recovery';
  action?: string;
  /** who did it: a member of staff, or null for the customer (portal) and the system (jobs) */
  actor: Pick<Actor, 'userId' | 'name'> | null;
}

/**
 * Runs after every write to a case, inside the writing transaction (`db.kysely` is the
 * transaction), so that whatever follows from the change lands with it or not at all. Every
 * service that changes a case calls this once, after its own rows are written.
 */
export async function afterCaseWrite(db: Db, orgId: string, caseId: string, change: CaseChange): Promise<void> {
  // Derived state (dissatisfaction stage), notifications and live updates hook in here.
  await ladderAfterCaseWrite(db, orgId, caseId, change.kind);
}
