import type { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import type { CaseDetail } from '../../../shared/schemas/cases.js';
import type { CauseCode, CauseSuggestionItem, caseCauseBody, causeCodeCreateBody, causeCodeUpdateBody } from '../../../shared/schemas/causes.js';
import { isUniqueViolation } from '../../db/dialect.js';
import type { CauseCodeRow } from '../../db/types.js';
import { assertVersion, changedFields } from '../../lib/concurrency.js';
import { newId, nowIso } from '../../lib/ids.js';
import { NaiveBayesModel, suggestCauses } from '../../text/classifier.js';
import { assertInScope, requirePermission, siteScope } from '../access/access.policy.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import { afterCaseWrite } from '../cases/case-effects.js';
import { findCase, insertCaseEvent, updateCaseRow } from '../cases/cases.repository.js';
import { getCase } from '../cases/cases.service.js';
import type { Executor, ServiceContext } from '../context.js';
import * as repo from './causes.repository.js';

/** How many coded cases a missing or unreadable model is rebuilt from (the most recent ones). */
const REBUILD_LIMIT = 5000;
/** Suggestions shown for a case. */
const SUGGESTIONS = 3;

const duplicateCode = () =>
  new AppError('duplicate', 'Another cause already uses this code', [{ path: 'code', message: 'duplicate', code: 'duplicate' }]);
const unknownCause = () =>
  new AppError('validation_failed', 'The cause code does not exist or is no longer in use', [{ path: 'causeCode', message: 'not_found', code: 'not_found' }]);

/** The taxonomy is organisation-wide, so only organisation-wide grants may edit it. */
async function requireCauseManager(ctx: ServiceContext): Promise<void> {
  const scope = await siteScope(ctx.db, ctx.actor, 'causes.manage');
  if (!scope.all) throw new AppError('forbidden', 'Only organisation-wide administrators and specialists may edit the cause taxonomy');
}

/** The case text the classifier reads and learns from. */
const caseText = (row: { title: string; description: string }) => `${row.title}\n${row.description}`;

/** Trains a model from the organisation's coded cases: for an organisation whose cases were coded before it had a model. */
async function rebuildModel(trx: Executor, orgId: string): Promise<NaiveBayesModel> {
  const rows = await repo.findCodedCaseTexts(trx, orgId, REBUILD_LIMIT);
  return new NaiveBayesModel().train(rows.map((r) => ({ text: caseText(r), label: r.cause_code })));
}

function parseModel(json: string): NaiveBayesModel | undefined {
  try {
    return NaiveBayesModel.fromJSON(json);
  } catch {
    return undefined;
  }
}

/**
 * The organisation's model, locked for update in this transaction. A missing one is built from
 * the cases coded so far and stored at once (which also takes the lock); an unreadable one is rebuilt.
 */
async function lockedModel(trx: Executor, orgId: string): Promise<NaiveBayesModel> {
  let stored = await repo.findCauseModel(trx, orgId, true);
  if (!stored) {
    const built = await rebuildModel(trx, orgId);
    if (await repo.insertCauseModelIfMissing(trx, orgId, JSON.stringify(built), built.documentCount)) return built;
    // Someone stored one first (and has committed, since the insert waited for them): use theirs.
    stored = await repo.findCauseModel(trx, orgId, true);
    if (!stored) throw new Error('cause model vanished while locked');
  }
  return parseModel(stored.model) ?? (await rebuildModel(trx, orgId));
}

/** Lists the organisation's cause codes (active and retired), seeding the default taxonomy on first use. */
export async function listCauseCodes(ctx: ServiceContext): Promise<{ items: CauseCode[] }> {
  requirePermission(ctx.actor, 'cases.read');
  const rows = await ctx.db.kysely.transaction().execute(async (trx) => {
    await repo.ensureDefaultCauses(trx, ctx.actor.orgId);
    return repo.findCauseCodes(trx, ctx.actor.orgId);
  });
  return { items: rows.map(repo.toCauseCode) };
}

/** Adds a cause to the organisation's taxonomy; a code already used answers 409 on `code`. */
export async function createCauseCode(ctx: ServiceContext, input: z.infer<typeof causeCodeCreateBody>): Promise<CauseCode> {
  await requireCauseManager(ctx);
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      await repo.ensureDefaultCauses(trx, ctx.actor.orgId);
      // Checked first so that PostgreSQL does not abort the transaction on the constraint; the
      // constraint still decides a race.
      if (await repo.findCauseCodeByCode(trx, ctx.actor.orgId, input.code)) throw duplicateCode();
      const now = nowIso();
      const row: CauseCodeRow = {
        id: newId(),
        org_id: ctx.actor.orgId,
        code: input.code,
        name_zh_cn: input.name['zh-CN'],
        name_zh_tw: input.name['zh-TW'],
        name_en_us: input.name['en-US'],
        attribution_class: input.attributionClass,
        keywords: JSON.stringify([...new Set(input.keywords)]),
        active: 1,
        sort_order: input.sortOrder ?? (await repo.nextCauseSortOrder(trx, ctx.actor.orgId)),
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await repo.insertCauseCode(trx, row);
      const created = repo.toCauseCode(row);
      await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'create', entity: 'cause_code', entityId: row.id, after: created });
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateCode();
    throw error;
  }
}

/** Renames, reclassifies, re-keywords, reorders or retires a cause. Its code stays: cases and the model refer to it. */
export async function updateCauseCode(ctx: ServiceContext, id: string, input: z.infer<typeof causeCodeUpdateBody>): Promise<CauseCode> {
  await requireCauseManager(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await repo.findCauseCodeById(trx, ctx.actor.orgId, id);
    if (!row) throw new AppError('not_found', 'Cause code not found');
    assertVersion(row.version, input.version, 'The cause code');
    const changes: Partial<CauseCodeRow> = {};
    if (input.name?.['zh-CN'] !== undefined) changes.name_zh_cn = input.name['zh-CN'];
    if (input.name?.['zh-TW'] !== undefined) changes.name_zh_tw = input.name['zh-TW'];
    if (input.name?.['en-US'] !== undefined) changes.name_en_us = input.name['en-US'];
    if (input.attributionClass !== undefined) changes.attribution_class = input.attributionClass;
    if (input.keywords !== undefined) changes.keywords = JSON.stringify([...new Set(input.keywords)]);
    if (input.active !== undefined) changes.active = input.active ? 1 : 0;
    if (input.sortOrder !== undefined) changes.sort_order = input.sortOrder;
    const before = repo.toCauseCode(row);
    const diff = changedFields(before, repo.toCauseCode({ ...row, ...changes }));
    // Nothing actually changes: no write, no version bump, no audit noise.
    if (Object.keys(diff.after).length === 0) return before;
    changes.updated_at = nowIso();
    if (!(await repo.updateCauseCodeRow(trx, ctx.actor.orgId, id, row.version, changes))) {
      throw new AppError('stale_version', 'The cause code was changed by someone else; reload and try again');
    }
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'update', entity: 'cause_code', entityId: id, ...diff });
    return repo.toCauseCode({ ...row, ...changes, version: row.version + 1 });
  });
}

/**
 * Codes (or, with null, uncodes) a case's cause and teaches the organisation's model in the same
 * transaction: a recoded case is forgotten under its old cause and learnt under the new one.
 */
export async function setCaseCause(ctx: ServiceContext, caseId: string, input: z.infer<typeof caseCauseBody>): Promise<CaseDetail> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.write');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await findCase(trx, ctx.actor.orgId, caseId);
    if (!row) throw new AppError('not_found', 'Case not found');
    assertInScope(scope, row.site_id, 'Case');
    assertVersion(row.version, input.version, 'The case');
    if (row.status === 'merged' || row.status === 'cancelled') {
      throw new AppError('illegal_transition', `A case that is ${row.status} takes no cause`, { from: row.status, action: 'cause' });
    }
    await repo.ensureDefaultCauses(trx, ctx.actor.orgId);
    const to = input.causeCode;
    if (to !== null) {
      const cause = await repo.findCauseCodeByCode(trx, ctx.actor.orgId, to);
      if (!cause || cause.active !== 1) throw unknownCause();
    }
    const from = row.cause_code;
    if (from === to) return;

    // The model first: a model built now from the coded cases must not already contain this change.
    const model = await lockedModel(trx, ctx.actor.orgId);
    const now = nowIso();
    const coded = to === null ? { cause_code: null, cause_coded_at: null, cause_coded_by: null } : { cause_code: to, cause_coded_at: now, cause_coded_by: ctx.actor.userId };
    if (!(await updateCaseRow(trx, ctx.actor.orgId, caseId, row.version, { ...coded, updated_at: now }))) {
      throw new AppError('stale_version', 'The case was changed by someone else; reload and try again');
    }
    await insertCaseEvent(trx, ctx.actor.orgId, caseId, { kind: 'cause', actorId: ctx.actor.userId, actorName: ctx.actor.name, data: { from, to } });
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'code_cause', entity: 'case', entityId: caseId, before: { causeCode: from }, after: { causeCode: to } });
    await afterCaseWrite({ ...ctx.db, kysely: trx }, ctx.actor.orgId, caseId, { kind: 'cause', actor: ctx.actor });

    const text = caseText(row);
    if (from !== null) model.unlearn(text, from);
    if (to !== null) model.learn(text, to);
    await repo.saveCauseModel(trx, ctx.actor.orgId, JSON.stringify(model), model.documentCount);
  });
  return getCase(ctx, caseId);
}

/** The likeliest causes of a case from its text: the taxonomy's keywords, then the organisation's model as it learns. */
export async function suggestCaseCauses(ctx: ServiceContext, caseId: string): Promise<{ items: CauseSuggestionItem[]; modelExamples: number }> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.read');
  const row = await findCase(ctx.db.kysely, ctx.actor.orgId, caseId);
  if (!row) throw new AppError('not_found', 'Case not found');
  assertInScope(scope, row.site_id, 'Case');
  const { codes, model } = await ctx.db.kysely.transaction().execute(async (trx) => {
    await repo.ensureDefaultCauses(trx, ctx.actor.orgId);
    const codes = (await repo.findCauseCodes(trx, ctx.actor.orgId)).filter((c) => c.active === 1).map(repo.toCauseCode);
    const stored = await repo.findCauseModel(trx, ctx.actor.orgId, false);
    let model = stored ? parseModel(stored.model) : undefined;
    if (!stored) {
      // Cases coded before the model existed (imports, demo data): learn from them once and keep it.
      model = await rebuildModel(trx, ctx.actor.orgId);
      if (model.documentCount > 0) await repo.insertCauseModelIfMissing(trx, ctx.actor.orgId, JSON.stringify(model), model.documentCount);
    }
    return { codes, model };
  });
  const byCode = new Map(codes.map((c) => [c.code, c]));
  const suggestions = suggestCauses({ text: caseText(row), causes: codes.map((c) => ({ code: c.code, keywords: c.keywords })), model, k: SUGGESTIONS });
  return {
    items: suggestions.map((s) => {
      const cause = byCode.get(s.code)!;
      return { code: s.code, name: cause.name, attributionClass: cause.attributionClass, confidence: s.confidence, reasons: s.reasons, source: s.source };
    }),
    modelExamples: model?.documentCount ?? 0,
  };
}
