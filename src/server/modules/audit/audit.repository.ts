import type { AuditAction, AuditEntity } from '../../../shared/audit.js';
import type { AuditEvent } from '../../../shared/schemas/org.js';
import type { Db } from '../../db/database.js';
import { containsText } from '../../db/dialect.js';
import { newId, nowIso } from '../../lib/ids.js';
import type { Actor } from '../access/actor.js';
import type { Executor } from '../context.js';

export interface AuditEntry {
  action: AuditAction;
  entity: AuditEntity;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit event inside the caller's transaction, so the change and its record land together. */
export async function insertAuditEvent(trx: Executor, actor: Pick<Actor, 'orgId' | 'userId' | 'name' | 'ip'> | null, orgId: string, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_events')
    .values({
      id: newId(),
      org_id: orgId,
      actor_id: actor?.userId ?? null,
      actor_name: actor?.name ?? null,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      ip: actor?.ip ?? null,
      created_at: nowIso(),
    })
    .execute();
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export async function findAuditEvents(db: Db, orgId: string, f: AuditFilter): Promise<{ items: AuditEvent[]; total: number }> {
  let query = db.kysely.selectFrom('audit_events').where('org_id', '=', orgId);
  if (f.entity) query = query.where('entity', '=', f.entity);
  if (f.entityId) query = query.where('entity_id', '=', f.entityId);
  if (f.action) query = query.where('action', '=', f.action);
  if (f.actor) {
    const actor = f.actor;
    query = query.where((eb) => eb.or([eb('actor_id', '=', actor), containsText(db.dialect, eb.ref('actor_name'), actor)]));
  }
  if (f.from) query = query.where('created_at', '>=', new Date(f.from).toISOString());
  if (f.to) query = query.where('created_at', '<=', new Date(f.to).toISOString());
  const [{ total }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  return {
    total: Number(total),
    items: rows.map((r) => ({
      id: r.id,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      actorId: r.actor_id,
      actorName: r.actor_name,
      before: r.before ? JSON.parse(r.before) : null,
      after: r.after ? JSON.parse(r.after) : null,
      ip: r.ip,
      createdAt: r.created_at,
    })),
  };
}
