import type { Db } from '../../db/database.js';
import type { Actor } from '../access/actor.js';
import { ladderAfterCaseWrite } from '../ladder/ladder.service.js';
import { publishCaseChange } from '../live/live.bus.js';
import { notifyCaseChange } from '../notifications/notifications.service.js';
import { notifyCustomerOfCaseUpdate } from '../outbox/outbox.events.js';

/** What just happened to a case; `kind` names the write, `action` the lifecycle action for transitions. */
export interface CaseChange {
  kind: 'created' | 'transition' | 'comment' | 'note' | 'cause' | 'escalation' | 'customer_reply' | 'attachment' | 'recovery';
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
  // Derived state first, so that notifications and the live event see the case as it now stands.
  await ladderAfterCaseWrite(db, orgId, caseId, change.kind);
  await notifyCaseChange(db, orgId, caseId, change);
  // The customer hears by SMS/email (with consent) of public replies, resolution and closing.
  await notifyCustomerOfCaseUpdate(db, orgId, caseId, change);
  // Live updates last: the event carries the case's version after everything above is written.
  await publishCaseChange(db, orgId, caseId, change.kind);
}
