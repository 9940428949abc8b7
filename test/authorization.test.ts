import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../src/server/lib/ids.js';
import { insertNewCase } from '../src/server/modules/cases/cases.service.js';
import { ensureDefaultCauses } from '../src/server/modules/causes/causes.repository.js';
import { type Permission, ROLE_PERMISSIONS, ROLES, type Role } from '../src/shared/roles.js';
import { api, authHeaders, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, insertCustomer, insertUser, type OrgFixture, type TestUser } from './helpers/factories.js';
import { multipart, SAMPLES, type FilePart } from './helpers/multipart.js';

/**
 * The authorisation matrix: every route × every role (organisation-wide and granted on estate A)
 * × a record on the caller's own site, on another site of the organisation, and in another
 * organisation. Records out of reach are 404 (never 403, never leaked in lists); a role without
 * the permission is 403; references in a body to records out of reach are a 400 field error.
 */

type Target = 'own' | 'otherSite' | 'otherOrg';
const TARGETS: Target[] = ['own', 'otherSite', 'otherOrg'];

interface World {
  org: OrgFixture;
  other: OrgFixture;
  /** a user granted on estate B of org, and one in the other organisation */
  userOn: Record<Target, TestUser>;
  siteOf: Record<Target, string>;
  customerOf: Record<Target, string>;
  caseOf: Record<Target, string>;
  /** an attachment on each target's case */
  attachmentOf: Record<Target, string>;
}

interface RouteCase {
  name: string;
  permission: Permission | null;
  /** 'record': the URL names a record; 'reference': the body names one; 'list': check visibility in the list */
  kind: 'record' | 'reference' | 'list';
  success: number;
  request: (w: World, target: Target, n: number, actor: TestUser) => Promise<{ method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: string; body?: unknown; files?: FilePart[] }>;
  /** the permission only counts when granted organisation-wide */
  orgWideOnly?: boolean;
  /** the record belongs to a person (saved views, notifications): "own" is the caller's, anyone else's is out of reach whatever the grant */
  personal?: boolean;
  /** the record is the organisation's, not a site's (survey definitions): "other site" is in reach of every grant */
  orgRecord?: boolean;
  /** for lists: the id that must be visible exactly when the target is in scope */
  listed?: (w: World, target: Target) => string;
}

const routes: RouteCase[] = [
  { name: 'GET /me', permission: null, kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/me' }) },
  { name: 'GET /organization', permission: 'sites.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/organization' }) },
  {
    name: 'PATCH /organization',
    permission: 'org.manage',
    orgWideOnly: true,
    kind: 'list',
    success: 200,
    request: async (_w, _t, n) => ({ method: 'PATCH', url: '/api/v1/organization', body: { name: `矩阵测试组织${n}` } }),
  },
  { name: 'GET /sites', permission: 'sites.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/sites?pageSize=200' }), listed: (w, t) => w.siteOf[t] },
  { name: 'GET /sites/tree', permission: 'sites.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/sites/tree' }), listed: (w, t) => w.siteOf[t] },
  { name: 'GET /sites/:id', permission: 'sites.read', kind: 'record', success: 200, request: async (w, t) => ({ method: 'GET', url: `/api/v1/sites/${w.siteOf[t]}` }) },
  { name: 'PATCH /sites/:id', permission: 'sites.write', kind: 'record', success: 200, request: async (w, t) => ({ method: 'PATCH', url: `/api/v1/sites/${w.siteOf[t]}`, body: { phone: '021-60000000' } }) },
  {
    name: 'POST /sites',
    permission: 'sites.write',
    kind: 'reference',
    success: 201,
    request: async (w, t, n) => ({ method: 'POST', url: '/api/v1/sites', body: { name: `新站点${n}`, code: `N${n}`, parentId: w.siteOf[t], kind: 'site' } }),
  },
  { name: 'GET /users', permission: 'users.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/users?pageSize=200' }), listed: (w, t) => w.userOn[t].id },
  { name: 'GET /users/:id', permission: 'users.read', kind: 'record', success: 200, request: async (w, t) => ({ method: 'GET', url: `/api/v1/users/${w.userOn[t].id}` }) },
  { name: 'PATCH /users/:id', permission: 'users.write', kind: 'record', success: 200, request: async (w, t) => ({ method: 'PATCH', url: `/api/v1/users/${w.userOn[t].id}`, body: { phone: '13500000000' } }) },
  {
    name: 'POST /users',
    permission: 'users.write',
    kind: 'reference',
    success: 201,
    request: async (w, t, n) => ({ method: 'POST', url: '/api/v1/users', body: { username: `new.user.${n}`, name: '新用户', password: 'Welcome-2026', roles: [{ role: 'agent', siteId: w.siteOf[t] }] } }),
  },
  { name: 'GET /customers', permission: 'customers.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/customers?pageSize=200' }), listed: (w, t) => w.customerOf[t] },
  { name: 'GET /customers/:id', permission: 'customers.read', kind: 'record', success: 200, request: async (w, t) => ({ method: 'GET', url: `/api/v1/customers/${w.customerOf[t]}` }) },
  { name: 'PATCH /customers/:id', permission: 'customers.write', kind: 'record', success: 200, request: async (w, t) => ({ method: 'PATCH', url: `/api/v1/customers/${w.customerOf[t]}`, body: { notes: '回访时请先致电' } }) },
  {
    name: 'DELETE /customers/:id',
    permission: 'customers.write',
    kind: 'record',
    success: 204,
    request: async (w, t, n) => {
      const owner = t === 'otherOrg' ? w.other : w.org;
      const id = await insertCustomer(world.db, owner.orgId, w.siteOf[t], `待删${n}`, '13600000000');
      return { method: 'DELETE', url: `/api/v1/customers/${id}` };
    },
  },
  {
    name: 'POST /customers',
    permission: 'customers.write',
    kind: 'reference',
    success: 201,
    request: async (w, t) => ({ method: 'POST', url: '/api/v1/customers', body: { name: '新客户', phone: '13711112222', siteId: w.siteOf[t] } }),
  },
  { name: 'GET /customers/export.xlsx', permission: 'customers.export', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/customers/export.xlsx' }) },
  { name: 'GET /cases', permission: 'cases.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/cases?pageSize=200' }), listed: (w, t) => w.caseOf[t] },
  { name: 'GET /cases/:id', permission: 'cases.read', kind: 'record', success: 200, request: async (w, t) => ({ method: 'GET', url: `/api/v1/cases/${w.caseOf[t]}` }) },
  {
    name: 'POST /cases',
    permission: 'cases.write',
    kind: 'reference',
    success: 201,
    request: async (w, t) => ({ method: 'POST', url: '/api/v1/cases', body: { type: 'inquiry', channel: 'phone', siteId: w.siteOf[t], title: '咨询物业费', description: '想了解物业费的收费标准' } }),
  },
  {
    name: 'POST /cases/:id/comments',
    permission: 'cases.write',
    kind: 'record',
    success: 201,
    request: async (w, t) => ({ method: 'POST', url: `/api/v1/cases/${w.caseOf[t]}/comments`, body: { body: '已记录', public: false } }),
  },
  {
    name: 'POST /cases/:id/attachments',
    permission: 'cases.write',
    kind: 'record',
    success: 201,
    request: async (w, t) => ({ method: 'POST', url: `/api/v1/cases/${w.caseOf[t]}/attachments`, files: [{ name: '现场照片.png', bytes: SAMPLES.png }] }),
  },
  {
    name: 'GET /cases/:id/attachments/:attachmentId',
    permission: 'cases.read',
    kind: 'record',
    success: 200,
    request: async (w, t) => ({ method: 'GET', url: `/api/v1/cases/${w.caseOf[t]}/attachments/${w.attachmentOf[t]}` }),
  },
  { name: 'GET /cause-codes', permission: 'cases.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/cause-codes' }) },
  {
    name: 'POST /cause-codes',
    permission: 'causes.manage',
    orgWideOnly: true,
    kind: 'list',
    success: 201,
    request: async (_w, _t, n) => ({ method: 'POST', url: '/api/v1/cause-codes', body: { code: `MATRIX_${n}`, name: { 'zh-CN': '矩阵原因', 'zh-TW': '矩陣原因', 'en-US': 'Matrix cause' }, attributionClass: 4 } }),
  },
  {
    // The taxonomy is organisation-wide: "other site" is simply another cause of the organisation.
    name: 'PATCH /cause-codes/:id',
    permission: 'causes.manage',
    orgWideOnly: true,
    kind: 'record',
    success: 200,
    request: async (w, t, n) => ({ method: 'PATCH', url: `/api/v1/cause-codes/${await causeCodeOf(w, t)}`, body: { sortOrder: n } }),
  },
  {
    name: 'PUT /cases/:id/cause',
    permission: 'cases.write',
    kind: 'record',
    success: 200,
    request: async (w, t, n) => ({ method: 'PUT', url: `/api/v1/cases/${w.caseOf[t]}/cause`, body: { causeCode: n % 2 ? 'FACILITY_FAULT' : 'PRODUCT_FAULT' } }),
  },
  { name: 'GET /cases/:id/cause-suggestions', permission: 'cases.read', kind: 'record', success: 200, request: async (w, t) => ({ method: 'GET', url: `/api/v1/cases/${w.caseOf[t]}/cause-suggestions` }) },
  { name: 'GET /sla-policies', permission: 'cases.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/sla-policies' }), listed: (w, t) => policyOf[t] },
  {
    name: 'PUT /sla-policies (site override)',
    permission: 'sla.manage',
    kind: 'reference',
    success: 200,
    request: async (w, t, n) => ({ method: 'PUT', url: '/api/v1/sla-policies', body: { siteId: w.siteOf[t], policies: [{ caseType: 'inquiry', priority: 'low', firstResponseMinutes: 100 + (n % 700), resolutionMinutes: 900 }] } }),
  },
  {
    name: 'PUT /sla-policies (organisation)',
    permission: 'sla.manage',
    orgWideOnly: true,
    kind: 'list',
    success: 200,
    request: async (_w, _t, n) => ({ method: 'PUT', url: '/api/v1/sla-policies', body: { siteId: null, policies: [{ caseType: 'inquiry', priority: 'low', firstResponseMinutes: 100 + (n % 700), resolutionMinutes: 900 }] } }),
  },
  {
    name: 'DELETE /sla-policies/:id',
    permission: 'sla.manage',
    kind: 'record',
    success: 204,
    request: async (w, t) => ({ method: 'DELETE', url: `/api/v1/sla-policies/${await insertPolicy(t === 'otherOrg' ? w.other.orgId : w.org.orgId, w.siteOf[t])}` }),
  },
  { name: 'GET /business-calendar', permission: 'cases.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/business-calendar' }) },
  {
    name: 'PUT /business-calendar',
    permission: 'sla.manage',
    orgWideOnly: true,
    kind: 'list',
    success: 200,
    request: async (w, _t, n) => {
      const row = await world.db.kysely.selectFrom('business_calendars').select('version').where('org_id', '=', w.org.orgId).executeTakeFirst();
      const day = [{ start: '09:00', end: '17:00' }];
      return { method: 'PUT', url: '/api/v1/business-calendar', body: { version: row?.version ?? 0, weeklyHours: [[], day, day, day, day, day, []], holidays: [{ date: `2027-01-${String((n % 28) + 1).padStart(2, '0')}`, name: '假日' }], makeUpDays: [] } };
    },
  },
  { name: 'GET /notifications', permission: null, kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/notifications' }) },
  { name: 'GET /notifications/unread-count', permission: null, kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/notifications/unread-count' }) },
  { name: 'POST /notifications/read-all', permission: null, kind: 'list', success: 200, request: async () => ({ method: 'POST', url: '/api/v1/notifications/read-all' }) },
  {
    // "own" is the caller's notification, "other site" a colleague's in the organisation, "other org" a stranger's.
    name: 'POST /notifications/:id/read',
    permission: null,
    personal: true,
    kind: 'record',
    success: 200,
    request: async (w, t, _n, actor) => {
      const owner = t === 'own' ? actor : t === 'otherSite' ? w.userOn.otherSite : w.userOn.otherOrg;
      const orgId = t === 'otherOrg' ? w.other.orgId : w.org.orgId;
      const id = newId();
      await world.db.kysely.insertInto('notifications').values({ id, org_id: orgId, user_id: owner.id, kind: 'case_assigned', case_id: null, data: '{}', created_at: nowIso(), read_at: null }).execute();
      return { method: 'POST', url: `/api/v1/notifications/${id}/read` };
    },
  },
  {
    name: 'POST /cases/bulk-assign',
    permission: 'cases.assign',
    kind: 'reference',
    success: 200,
    request: async (w, t) => ({ method: 'POST', url: '/api/v1/cases/bulk-assign', body: { cases: [{ id: await freshCase(w, t), version: 1 }], assigneeId: w.userOn[t].id } }),
  },
  { name: 'GET /saved-views', permission: 'cases.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/saved-views' }) },
  {
    name: 'POST /saved-views',
    permission: 'cases.read',
    kind: 'list',
    success: 201,
    request: async (_w, _t, n) => ({ method: 'POST', url: '/api/v1/saved-views', body: { name: `视图${n}`, query: { status: 'new', sort: '-priority' } } }),
  },
  {
    name: 'PATCH /saved-views/:id',
    permission: 'cases.read',
    kind: 'record',
    personal: true,
    success: 200,
    request: async (w, t, n, actor) => ({ method: 'PATCH', url: `/api/v1/saved-views/${await viewOf(w, t, actor, n)}`, body: { name: `改名${n}` } }),
  },
  {
    name: 'DELETE /saved-views/:id',
    permission: 'cases.read',
    kind: 'record',
    personal: true,
    success: 204,
    request: async (w, t, n, actor) => ({ method: 'DELETE', url: `/api/v1/saved-views/${await viewOf(w, t, actor, n)}` }),
  },
  {
    name: 'PUT /cases/:id/recovery',
    permission: 'cases.write',
    kind: 'record',
    success: 200,
    request: async (w, t, n) => ({ method: 'PUT', url: `/api/v1/cases/${w.caseOf[t]}/recovery`, body: { attributionClass: (n % 4) + 1, compensation: { type: 'none', amountFen: 0 }, version: await recoveryVersion(w, t) } }),
  },
  {
    name: 'POST /cases/:id/recovery/approve',
    permission: 'recovery.approve',
    kind: 'record',
    success: 200,
    request: async (w, t, n) => ({ method: 'POST', url: `/api/v1/cases/${w.caseOf[t]}/recovery/approve`, body: { version: await pendingRecovery(w, t, n) } }),
  },
  {
    name: 'POST /cases/:id/recovery/reject',
    permission: 'recovery.approve',
    kind: 'record',
    success: 200,
    request: async (w, t, n) => ({ method: 'POST', url: `/api/v1/cases/${w.caseOf[t]}/recovery/reject`, body: { note: '请改为赠送服务', version: await pendingRecovery(w, t, n) } }),
  },
  { name: 'GET /compensation-limits', permission: 'cases.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/compensation-limits' }) },
  {
    name: 'PUT /compensation-limits',
    permission: 'org.manage',
    orgWideOnly: true,
    kind: 'list',
    success: 200,
    request: async (_w, _t, n) => ({ method: 'PUT', url: '/api/v1/compensation-limits', body: { limits: [{ role: 'inspector', limitFen: n }] } }),
  },
  { name: 'GET /revisits', permission: 'cases.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/revisits?pageSize=200' }), listed: (w, t) => revisitOf[t] },
  { name: 'GET /revisits/calendar', permission: 'cases.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: `/api/v1/revisits/calendar?from=${encodeURIComponent(new Date(Date.now() - 86_400_000 * 7).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 86_400_000 * 7).toISOString())}` }) },
  { name: 'GET /revisits/:id', permission: 'cases.read', kind: 'record', success: 200, request: async (w, t) => ({ method: 'GET', url: `/api/v1/revisits/${revisitOf[t]}` }) },
  {
    name: 'POST /revisits/:id/attempts',
    permission: 'revisits.write',
    kind: 'record',
    success: 201,
    request: async (w, t) => ({ method: 'POST', url: `/api/v1/revisits/${await freshRevisit(w, t)}/attempts`, body: { outcome: 'no_answer', comment: '无人接听', version: 1 } }),
  },
  {
    name: 'POST /revisits/assign',
    permission: 'revisits.manage',
    kind: 'reference',
    success: 200,
    request: async (w, t) => ({ method: 'POST', url: '/api/v1/revisits/assign', body: { ids: [await freshRevisit(w, t)], ownerId: w.userOn[t].id } }),
  },
  { name: 'GET /revisit-policies', permission: 'cases.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/revisit-policies' }), listed: (w, t) => revisitPolicyOf[t] },
  {
    name: 'PUT /revisit-policies (site override)',
    permission: 'revisits.manage',
    kind: 'reference',
    success: 200,
    request: async (w, t, n) => ({ method: 'PUT', url: '/api/v1/revisit-policies', body: { siteId: w.siteOf[t], policies: [{ caseType: 'inquiry', samplePercent: n % 100, delayHours: 2, dueWithinHours: 48, maxAttempts: 3, retryIntervalHours: 24, closeAfterHours: 72 }] } }),
  },
  {
    name: 'PUT /revisit-policies (organisation)',
    permission: 'revisits.manage',
    orgWideOnly: true,
    kind: 'list',
    success: 200,
    request: async (_w, _t, n) => ({ method: 'PUT', url: '/api/v1/revisit-policies', body: { siteId: null, policies: [{ caseType: 'inquiry', samplePercent: n % 100, delayHours: 2, dueWithinHours: 48, maxAttempts: 3, retryIntervalHours: 24, closeAfterHours: 72 }] } }),
  },
  {
    name: 'DELETE /revisit-policies/:id',
    permission: 'revisits.manage',
    kind: 'record',
    success: 204,
    request: async (w, t) => ({ method: 'DELETE', url: `/api/v1/revisit-policies/${await insertRevisitPolicy(t === 'otherOrg' ? w.other.orgId : w.org.orgId, w.siteOf[t])}` }),
  },
  { name: 'GET /revisit-stats', permission: 'cases.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/revisit-stats?groupBy=owner' }) },
  { name: 'GET /revisit-stats/export.xlsx', permission: 'cases.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/revisit-stats/export.xlsx?groupBy=type&locale=en-US' }) },
  {
    name: 'GET /outbox/messages',
    permission: 'outbox.manage',
    orgWideOnly: true,
    kind: 'list',
    success: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/outbox/messages?pageSize=200' }),
    listed: (_w, t) => messageOf[t],
  },
  { name: 'GET /outbox/summary', permission: 'outbox.manage', orgWideOnly: true, kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/outbox/summary' }) },
  {
    // Messages are organisation-wide: "other site" is another message of the organisation.
    name: 'GET /outbox/messages/:id',
    permission: 'outbox.manage',
    orgWideOnly: true,
    kind: 'record',
    success: 200,
    request: async (_w, t) => ({ method: 'GET', url: `/api/v1/outbox/messages/${messageOf[t]}` }),
  },
  {
    name: 'POST /outbox/messages/:id/retry',
    permission: 'outbox.manage',
    orgWideOnly: true,
    kind: 'record',
    success: 200,
    request: async (w, t) => ({ method: 'POST', url: `/api/v1/outbox/messages/${await insertMessage(w, t, 'dead')}/retry` }),
  },
  {
    name: 'POST /outbox/messages/:id/cancel',
    permission: 'outbox.manage',
    orgWideOnly: true,
    kind: 'record',
    success: 200,
    request: async (w, t) => ({ method: 'POST', url: `/api/v1/outbox/messages/${await insertMessage(w, t, 'queued')}/cancel` }),
  },
  { name: 'GET /message-templates', permission: 'outbox.manage', orgWideOnly: true, kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/message-templates' }) },
  {
    name: 'PUT /message-templates/:event/:channel/:locale',
    permission: 'outbox.manage',
    orgWideOnly: true,
    kind: 'list',
    success: 200,
    request: async (w, _t, n) => {
      const row = await world.db.kysely.selectFrom('message_templates').select('version').where('org_id', '=', w.org.orgId).where('event', '=', 'case.updated').where('channel', '=', 'sms').where('locale', '=', 'zh-TW').executeTakeFirst();
      return { method: 'PUT', url: '/api/v1/message-templates/case.updated/sms/zh-TW', body: { body: `【{{orgName}}】工單 {{number}} {{update}}（${n}）`, version: row?.version ?? 0 } };
    },
  },
  { name: 'DELETE /message-templates/:event/:channel/:locale', permission: 'outbox.manage', orgWideOnly: true, kind: 'list', success: 200, request: async () => ({ method: 'DELETE', url: '/api/v1/message-templates/case.updated/email/en-US' }) },
  {
    name: 'POST /message-templates/preview',
    permission: 'outbox.manage',
    orgWideOnly: true,
    kind: 'list',
    success: 200,
    request: async () => ({ method: 'POST', url: '/api/v1/message-templates/preview', body: { event: 'case.updated', channel: 'sms', locale: 'zh-CN', body: '{{customerName}}：{{update}}' } }),
  },
  { name: 'GET /surveys', permission: 'cases.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/surveys?pageSize=200' }) },
  {
    name: 'POST /surveys',
    permission: 'surveys.manage',
    orgWideOnly: true,
    kind: 'list',
    success: 201,
    request: async (_w, _t, n) => ({ method: 'POST', url: '/api/v1/surveys', body: { definition: { title: { 'zh-CN': `问卷${n}` }, sections: [{ key: 'main', title: {}, questions: [{ key: 'sat', type: 'csat', title: {} }] }] } } }),
  },
  { name: 'POST /surveys/from-template', permission: 'surveys.manage', orgWideOnly: true, kind: 'list', success: 201, request: async () => ({ method: 'POST', url: '/api/v1/surveys/from-template', body: { template: 'csat' } }) },
  {
    // Survey definitions are the organisation's: "other site" is another survey of the organisation.
    name: 'GET /surveys/:id',
    permission: 'cases.read',
    orgRecord: true,
    kind: 'record',
    success: 200,
    request: async (w, t) => ({ method: 'GET', url: `/api/v1/surveys/${await draftSurvey(w, t)}` }),
  },
  {
    name: 'PATCH /surveys/:id',
    permission: 'surveys.manage',
    orgWideOnly: true,
    orgRecord: true,
    kind: 'record',
    success: 200,
    request: async (w, t, n) => {
      const id = await draftSurvey(w, t);
      return { method: 'PATCH', url: `/api/v1/surveys/${id}`, body: { version: 1, definition: { title: { 'zh-CN': `改名${n}` }, sections: [{ key: 'main', title: {}, questions: [{ key: 'sat', type: 'csat', title: {} }] }] } } };
    },
  },
  {
    name: 'POST /surveys/:id/publish',
    permission: 'surveys.manage',
    orgWideOnly: true,
    orgRecord: true,
    kind: 'record',
    success: 200,
    request: async (w, t) => ({ method: 'POST', url: `/api/v1/surveys/${await draftSurvey(w, t)}/publish`, body: {} }),
  },
  {
    name: 'GET /surveys/:id/responses',
    permission: 'cases.read',
    kind: 'list',
    success: 200,
    request: async () => ({ method: 'GET', url: `/api/v1/surveys/${surveyWorld.published}/responses?pageSize=200` }),
    listed: (_w, t) => surveyWorld.responseOf[t],
  },
  {
    name: 'POST /surveys/:id/responses',
    permission: 'surveys.respond',
    kind: 'reference',
    success: 201,
    request: async (w, t, n) => ({ method: 'POST', url: `/api/v1/surveys/${surveyWorld.published}/responses`, body: { siteId: w.siteOf[t], channel: 'phone', answers: { resolved: 'yes', csat: (n % 5) + 1 } } }),
  },
  {
    name: 'POST /surveys/:id/responses/import',
    permission: 'surveys.respond',
    kind: 'reference',
    success: 200,
    request: async (w, t, n) => ({
      method: 'POST',
      url: `/api/v1/surveys/${surveyWorld.published}/responses/import`,
      files: [{ field: 'file', name: 'paper.csv', bytes: Buffer.from(`siteCode,submittedAt,resolved,csat\r\n${await siteCodeOf(w, t)},2026-05-01 10:00,yes,${(n % 5) + 1}\r\n`) }],
    }),
  },
  { name: 'GET /surveys/:id/responses/export', permission: 'cases.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: `/api/v1/surveys/${surveyWorld.published}/responses/export?format=csv` }) },
  { name: 'GET /survey-responses/:id', permission: 'cases.read', kind: 'record', success: 200, request: async (_w, t) => ({ method: 'GET', url: `/api/v1/survey-responses/${surveyWorld.responseOf[t]}` }) },
  {
    name: 'POST /survey-responses/:id/follow-ups',
    permission: 'cases.write',
    kind: 'record',
    success: 201,
    request: async (w, t) => ({ method: 'POST', url: `/api/v1/survey-responses/${await freshResponse(w, t)}/follow-ups`, body: { questionKey: 'csat' } }),
  },
  { name: 'GET /campaigns', permission: 'cases.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/campaigns?pageSize=200' }), listed: (_w, t) => campaignOf[t] },
  { name: 'GET /campaigns/:id', permission: 'cases.read', kind: 'record', success: 200, request: async (_w, t) => ({ method: 'GET', url: `/api/v1/campaigns/${campaignOf[t]}` }) },
  { name: 'GET /campaigns/:id/progress', permission: 'cases.read', kind: 'record', success: 200, request: async (_w, t) => ({ method: 'GET', url: `/api/v1/campaigns/${campaignOf[t]}/progress` }) },
  {
    name: 'POST /campaigns',
    permission: 'surveys.manage',
    orgWideOnly: true,
    kind: 'reference',
    success: 201,
    request: async (w, t, n) => ({ method: 'POST', url: '/api/v1/campaigns', body: { surveyId: surveyWorld.published, name: `调查${n}`, siteIds: [w.siteOf[t]], startsOn: '2026-01-01', endsOn: '2099-12-31' } }),
  },
  { name: 'POST /campaigns/:id/invitations', permission: 'surveys.manage', orgWideOnly: true, kind: 'record', success: 201, request: async (_w, t) => ({ method: 'POST', url: `/api/v1/campaigns/${campaignOf[t]}/invitations` }) },
  { name: 'GET /revisit-plans', permission: 'cases.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/revisit-plans?pageSize=200' }), listed: (_w, t) => planOf[t] },
  { name: 'GET /revisit-plans/summary', permission: 'cases.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/revisit-plans/summary' }) },
  { name: 'GET /revisit-plans/:id', permission: 'cases.read', kind: 'record', success: 200, request: async (_w, t) => ({ method: 'GET', url: `/api/v1/revisit-plans/${planOf[t]}` }) },
  {
    name: 'POST /revisit-plans',
    permission: 'revisits.manage',
    kind: 'reference',
    success: 201,
    request: async (w, t, n) => ({ method: 'POST', url: '/api/v1/revisit-plans', body: { customerId: w.customerOf[t], name: `矩阵计划${n}`, cadence: 'monthly', channel: 'phone', ownerId: w.userOn[t === 'otherOrg' ? 'own' : t].id, startDate: '2027-01-31' } }),
  },
  {
    name: 'PATCH /revisit-plans/:id',
    permission: 'revisits.manage',
    kind: 'record',
    success: 200,
    request: async (w, t, n) => {
      const id = await freshPlan(w, t);
      return { method: 'PATCH', url: `/api/v1/revisit-plans/${id}`, body: { name: `改名计划${n}`, version: 1 } };
    },
  },
  {
    name: 'POST /revisit-plans/:id/deactivate',
    permission: 'revisits.manage',
    kind: 'record',
    success: 200,
    request: async (w, t) => ({ method: 'POST', url: `/api/v1/revisit-plans/${await freshPlan(w, t)}/deactivate`, body: { version: 1 } }),
  },
  { name: 'GET /communication-records', permission: 'cases.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/communication-records?pageSize=200' }), listed: (_w, t) => recordOf[t].recordId },
  { name: 'GET /communication-records/:id', permission: 'cases.read', kind: 'record', success: 200, request: async (_w, t) => ({ method: 'GET', url: `/api/v1/communication-records/${recordOf[t].recordId}` }) },
  {
    name: 'POST /communication-records',
    permission: 'revisits.write',
    kind: 'reference',
    success: 201,
    request: async (w, t, n) => ({ method: 'POST', url: '/api/v1/communication-records', body: { customerId: w.customerOf[t], channel: 'visit', topics: ['绿化'], opinion: `矩阵意见${n}`, problems: [{ description: '草坪积水' }] } }),
  },
  {
    name: 'POST /communication-records/:id/problems/:problemId/case',
    permission: 'cases.write',
    kind: 'record',
    success: 201,
    request: async (w, t) => {
      const { recordId, problemId } = await freshRecord(w, t);
      return { method: 'POST', url: `/api/v1/communication-records/${recordId}/problems/${problemId}/case`, body: {} };
    },
  },
  { name: 'GET /audit-events', permission: 'audit.read', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/audit-events?pageSize=200' }) },
  { name: 'GET /tokens', permission: 'tokens.manage', kind: 'list', success: 200, request: async () => ({ method: 'GET', url: '/api/v1/tokens' }) },
  { name: 'POST /tokens', permission: 'tokens.manage', kind: 'list', success: 201, request: async (_w, _t, n) => ({ method: 'POST', url: '/api/v1/tokens', body: { name: `集成${n}` } }) },
];

const world = {} as { db: TestApp['db']; app?: TestApp['app'] };
/** A published post-case survey of the organisation and one response to it on each target's site (the other organisation's to its own survey). */
const surveyWorld = { published: '', responseOf: {} as Record<Target, string> };
/** A campaign on each target's site (the other organisation's on its own survey). */
const campaignOf = {} as Record<Target, string>;

/** The code of the target's site as the caller's organisation would read it; the other organisation's site gets a code unknown in the caller's. */
const siteCodes = new Map<string, string>();
async function siteCodeOf(w: World, target: Target): Promise<string> {
  const cached = siteCodes.get(w.siteOf[target]);
  if (cached) return cached;
  if (target === 'otherOrg') await world.db.kysely.updateTable('sites').set({ code: 'X-OTHER-A' }).where('id', '=', w.siteOf.otherOrg).execute();
  const row = await world.db.kysely.selectFrom('sites').select('code').where('id', '=', w.siteOf[target]).executeTakeFirstOrThrow();
  siteCodes.set(w.siteOf[target], row.code);
  return row.code;
}

/** A new draft survey of the target's organisation (the template filled in completely, so it can be published). */
async function draftSurvey(w: World, target: Target): Promise<string> {
  const owner = target === 'otherOrg' ? w.other : w.org;
  const res = await api(world.app!, 'POST', '/api/v1/surveys/from-template', { bearer: owner.users.admin.token }, { template: 'csat' });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json().id;
}
const policyOf = {} as Record<Target, string>;
const messageOf = {} as Record<Target, string>;

/** An outbox message in the target's organisation ("own" and "other site" are both the organisation's: messages have no site). */
async function insertMessage(w: World, target: Target, status: 'queued' | 'dead'): Promise<string> {
  const id = newId();
  const now = nowIso();
  await world.db.kysely
    .insertInto('outbox_messages')
    .values({
      id, org_id: target === 'otherOrg' ? w.other.orgId : w.org.orgId, channel: 'sms', event: 'case.updated', locale: 'zh-CN', recipient: '13800000001', recipient_user_id: null, recipient_customer_id: null,
      subject: null, body: '您的工单已处理完毕。', dedupe_key: null, status, attempts: status === 'dead' ? 8 : 0, next_attempt_at: now, claimed_by: null, claimed_until: null, last_error: status === 'dead' ? 'gateway unavailable' : null,
      sent_at: null, created_at: now, updated_at: now,
    })
    .execute();
  return id;
}

const planOf = {} as Record<Target, string>;
const recordOf = {} as Record<Target, { recordId: string; problemId: string }>;

/** A revisit plan for the target's customer, owned by the agent on the target's site. */
async function freshPlan(w: World, target: Target): Promise<string> {
  const id = newId();
  const now = nowIso();
  await world.db.kysely
    .insertInto('revisit_plans')
    .values({ id, org_id: target === 'otherOrg' ? w.other.orgId : w.org.orgId, site_id: w.siteOf[target], customer_id: w.customerOf[target], tier: null, name: '矩阵计划', cadence: 'quarterly', channel: 'visit', owner_id: w.userOn[target].id, start_date: '2027-03-31', active: 1, note: null, created_by: null, version: 1, created_at: now, updated_at: now })
    .execute();
  return id;
}

/** A response with a low CSAT score on the target's site (to the target organisation's published survey), ready for a follow-up. */
async function freshResponse(w: World, target: Target): Promise<string> {
  const orgId = target === 'otherOrg' ? w.other.orgId : w.org.orgId;
  const survey = await world.db.kysely.selectFrom('surveys').select(['id', 'series_id']).where('org_id', '=', orgId).where('status', '=', 'published').where('template', '=', 'csat').executeTakeFirstOrThrow();
  const id = newId();
  const now = nowIso();
  await world.db.kysely
    .insertInto('survey_responses')
    .values({ id, org_id: orgId, survey_id: survey.id, series_id: survey.series_id, site_id: w.siteOf[target], customer_id: null, channel: 'paper', locale: 'zh-CN', campaign_id: null, entered_by: null, submitted_at: now, created_at: now })
    .execute();
  await world.db.kysely.insertInto('survey_answers').values({ org_id: orgId, response_id: id, survey_id: survey.id, site_id: w.siteOf[target], question_key: 'csat', kind: 'value', option: '', num: 1, text: null, dimension: null }).execute();
  return id;
}

/** A communication record with one problem on the target's customer. */
async function freshRecord(w: World, target: Target): Promise<{ recordId: string; problemId: string }> {
  const orgId = target === 'otherOrg' ? w.other.orgId : w.org.orgId;
  const recordId = newId();
  const problemId = newId();
  const now = nowIso();
  await world.db.kysely
    .insertInto('communication_records')
    .values({ id: recordId, org_id: orgId, site_id: w.siteOf[target], customer_id: w.customerOf[target], revisit_id: null, channel: 'phone', occurred_at: now, staff_id: w.userOn[target].id, topics: '["维修"]', opinion: null, created_by: null, version: 1, created_at: now, updated_at: now })
    .execute();
  await world.db.kysely.insertInto('communication_problems').values({ id: problemId, org_id: orgId, record_id: recordId, position: 1, description: '楼道灯不亮', case_id: null, created_at: now }).execute();
  return { recordId, problemId };
}

/** A fresh site override (any earlier one for the same key removed), so every request has one to delete. */
async function insertPolicy(orgId: string, siteId: string): Promise<string> {
  await world.db.kysely.deleteFrom('sla_policies').where('org_id', '=', orgId).where('site_id', '=', siteId).where('case_type', '=', 'praise').execute();
  const id = newId();
  const now = nowIso();
  await world.db.kysely
    .insertInto('sla_policies')
    .values({ id, org_id: orgId, site_id: siteId, case_type: 'praise', priority: 'low', first_response_minutes: 60, resolution_minutes: 600, version: 1, created_at: now, updated_at: now })
    .execute();
  return id;
}


const revisitOf = {} as Record<Target, string>;
const revisitPolicyOf = {} as Record<Target, string>;

/** An open callback on a fresh case of the target's site (one open callback per case). */
async function freshRevisit(w: World, target: Target): Promise<string> {
  const caseId = await freshCase(w, target);
  const id = newId();
  const now = nowIso();
  await world.db.kysely
    .insertInto('revisits')
    .values({
      id, org_id: target === 'otherOrg' ? w.other.orgId : w.org.orgId, site_id: w.siteOf[target], customer_id: w.customerOf[target], case_id: caseId, plan_id: null, plan_period: null,
      kind: 'case', channel: 'phone', owner_id: null, status: 'due', due_at: now, deadline_at: new Date(Date.now() + 48 * 3_600_000).toISOString(), max_attempts: 3, retry_interval_hours: 24,
      attempt_count: 0, next_attempt_at: null, last_outcome: null, solved: null, satisfaction: null, comment: null, completed_at: null, completed_by: null, reminded_at: null, version: 1, created_at: now, updated_at: now,
    })
    .execute();
  return id;
}

/** A fresh revisit-policy override on the site (any earlier one for the same type removed). */
async function insertRevisitPolicy(orgId: string, siteId: string): Promise<string> {
  await world.db.kysely.deleteFrom('revisit_policies').where('org_id', '=', orgId).where('site_id', '=', siteId).where('case_type', '=', 'praise').execute();
  const id = newId();
  const now = nowIso();
  await world.db.kysely
    .insertInto('revisit_policies')
    .values({ id, org_id: orgId, site_id: siteId, case_type: 'praise', sample_percent: 10, delay_hours: 0, due_within_hours: 24, max_attempts: 1, retry_interval_hours: 0, close_after_hours: 24, version: 1, created_at: now, updated_at: now })
    .execute();
  return id;
}

/** A cause code's id in the target's organisation (the default taxonomy, seeded if need be). */
async function causeCodeOf(w: World, target: Target): Promise<string> {
  const orgId = target === 'otherOrg' ? w.other.orgId : w.org.orgId;
  await ensureDefaultCauses(world.db.kysely, orgId);
  const code = target === 'otherSite' ? 'PRICE_FEE' : 'STAFF_ATTITUDE';
  const row = await world.db.kysely.selectFrom('cause_codes').select('id').where('org_id', '=', orgId).where('code', '=', code).executeTakeFirstOrThrow();
  return row.id;
}

/** A new, unassigned case on the target's site, for a request that changes it. */
async function freshCase(w: World, target: Target): Promise<string> {
  const orgId = target === 'otherOrg' ? w.other.orgId : w.org.orgId;
  const row = await world.db.kysely.transaction().execute((trx) =>
    insertNewCase({ ...world.db, kysely: trx }, orgId, null, { type: 'repair', channel: 'phone', priority: 'normal', siteId: w.siteOf[target], customerId: null, title: '水管漏水', description: '厨房水管接头漏水' }),
  );
  return row.id;
}

/** A saved view of the caller ("own"), of a colleague ("otherSite") or of someone in the other organisation. */
async function viewOf(w: World, target: Target, actor: TestUser, n: number): Promise<string> {
  const owner = target === 'own' ? actor : w.userOn[target];
  const orgId = target === 'otherOrg' ? w.other.orgId : w.org.orgId;
  const id = newId();
  const now = nowIso();
  await world.db.kysely.insertInto('saved_views').values({ id, org_id: orgId, user_id: owner.id, name: `矩阵视图${n}`, query: '{"status":"new"}', position: 0, created_at: now, updated_at: now }).execute();
  return id;
}

async function attachAs(t: TestApp, token: string, caseId: string): Promise<string> {
  const form = multipart({}, [{ name: 'photo.png', bytes: SAMPLES.png }]);
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/attachments`, headers: { ...authHeaders({ bearer: token }), ...form.headers }, payload: form.payload });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json().items[0].id;
}

/** The version of the target case's service recovery, or undefined when it has none yet. */
async function recoveryVersion(w: World, target: Target): Promise<number | undefined> {
  const row = await world.db.kysely.selectFrom('case_recoveries').select('version').where('case_id', '=', w.caseOf[target]).executeTakeFirst();
  return row?.version;
}

/**
 * Puts compensation of ¥300 and a little (above an agent's limit, within a supervisor's) on the
 * target case as its organisation's agent, so that it waits for approval; returns its version.
 */
async function pendingRecovery(w: World, target: Target, n: number): Promise<number> {
  const owner = target === 'otherOrg' ? w.other : w.org;
  const res = await api(world.app!, 'PUT', `/api/v1/cases/${w.caseOf[target]}/recovery`, { bearer: owner.users.agent.token }, {
    attributionClass: 2,
    compensation: { type: 'cash', amountFen: 30_000 + n },
    version: await recoveryVersion(w, target),
  });
  if (res.statusCode !== 200 || res.json().recovery.status !== 'pending_approval') throw new Error(res.body);
  return res.json().recovery.version;
}

async function createCaseAs(t: TestApp, token: string, siteId: string): Promise<string> {
  const res = await api(t.app, 'POST', '/api/v1/cases', { bearer: token }, { type: 'repair', channel: 'counter', siteId, title: '门禁卡失灵', description: '单元门禁卡刷不开' });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json().id;
}

function holds(role: Role, permission: Permission | null): boolean {
  return permission === null || ROLE_PERMISSIONS[role].includes(permission);
}

function expectedStatus(route: RouteCase, role: Role, orgWide: boolean, target: Target): number {
  if (!holds(role, route.permission)) return 403;
  if (route.orgWideOnly && !orgWide) return 403;
  const inScope = target === 'own' || (target === 'otherSite' && (orgWide || route.orgRecord) && !route.personal);
  if (route.kind === 'list' || inScope) return route.success;
  return route.kind === 'reference' ? 400 : 404;
}

describe.each(DIALECTS)('authorisation matrix on %s', (dialect) => {
  let t: TestApp;
  let w: World;
  let counter = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    world.db = t.db;
    world.app = t.app;
    const org = await createOrgFixture(t.db, 'mx');
    const other = await createOrgFixture(t.db, 'ox');
    w = {
      org,
      other,
      siteOf: { own: org.siteA, otherSite: org.siteB, otherOrg: other.siteA },
      customerOf: { own: org.customerA, otherSite: org.customerB, otherOrg: other.customerA },
      caseOf: {
        own: await createCaseAs(t, org.users.supervisor.token, org.siteA),
        otherSite: await createCaseAs(t, org.users.supervisor.token, org.siteB),
        otherOrg: await createCaseAs(t, other.users.supervisor.token, other.siteA),
      },
      attachmentOf: { own: '', otherSite: '', otherOrg: '' },
      userOn: {
        own: await insertUser(t.db, org.orgId, 'mx.target.a', 'agent', org.siteA),
        otherSite: await insertUser(t.db, org.orgId, 'mx.target.b', 'agent', org.siteB),
        otherOrg: await insertUser(t.db, other.orgId, 'ox.target.a', 'agent', other.siteA),
      },
    };
    w.attachmentOf = {
      own: await attachAs(t, org.users.supervisor.token, w.caseOf.own),
      otherSite: await attachAs(t, org.users.supervisor.token, w.caseOf.otherSite),
      otherOrg: await attachAs(t, other.users.supervisor.token, w.caseOf.otherOrg),
    };
  });
  afterAll(async () => t?.drop());

  beforeAll(async () => {
    const publishedSurvey = async (owner: OrgFixture) => {
      const id = await draftSurvey(w, owner === w.org ? 'own' : 'otherOrg');
      const res = await api(t.app, 'POST', `/api/v1/surveys/${id}/publish`, { bearer: owner.users.admin.token }, {});
      if (res.statusCode !== 200) throw new Error(res.body);
      return id;
    };
    const respond = async (owner: OrgFixture, surveyId: string, siteId: string) => {
      const res = await api(t.app, 'POST', `/api/v1/surveys/${surveyId}/responses`, { bearer: owner.users.specialist.token }, { siteId, answers: { resolved: 'yes', csat: 5 } });
      if (res.statusCode !== 201) throw new Error(res.body);
      return res.json().id as string;
    };
    surveyWorld.published = await publishedSurvey(w.org);
    const theirs = await publishedSurvey(w.other);
    surveyWorld.responseOf = {
      own: await respond(w.org, surveyWorld.published, w.org.siteA),
      otherSite: await respond(w.org, surveyWorld.published, w.org.siteB),
      otherOrg: await respond(w.other, theirs, w.other.siteA),
    };
    const campaign = async (owner: OrgFixture, surveyId: string, siteId: string) => {
      const res = await api(t.app, 'POST', '/api/v1/campaigns', { bearer: owner.users.specialist.token }, { surveyId, name: '矩阵调查', siteIds: [siteId], startsOn: '2026-01-01', endsOn: '2099-12-31' });
      if (res.statusCode !== 201) throw new Error(res.body);
      return res.json().id as string;
    };
    campaignOf.own = await campaign(w.org, surveyWorld.published, w.org.siteA);
    campaignOf.otherSite = await campaign(w.org, surveyWorld.published, w.org.siteB);
    campaignOf.otherOrg = await campaign(w.other, theirs, w.other.siteA);
    for (const target of TARGETS) {
      planOf[target] = await freshPlan(w, target);
      recordOf[target] = await freshRecord(w, target);
    }
  });

  beforeAll(async () => {
    // Overrides of another type than the one DELETE uses, so listing is checked against rows that stay.
    for (const target of TARGETS) {
      const orgId = target === 'otherOrg' ? w.other.orgId : w.org.orgId;
      const id = newId();
      const now = nowIso();
      await t.db.kysely
        .insertInto('sla_policies')
        .values({ id, org_id: orgId, site_id: w.siteOf[target], case_type: 'suggestion', priority: 'normal', first_response_minutes: 60, resolution_minutes: 600, version: 1, created_at: now, updated_at: now })
        .execute();
      policyOf[target] = id;
      revisitOf[target] = await freshRevisit(w, target);
      const rp = newId();
      await t.db.kysely
        .insertInto('revisit_policies')
        .values({ id: rp, org_id: orgId, site_id: w.siteOf[target], case_type: 'suggestion', sample_percent: 50, delay_hours: 1, due_within_hours: 24, max_attempts: 2, retry_interval_hours: 4, close_after_hours: 48, version: 1, created_at: now, updated_at: now })
        .execute();
      revisitPolicyOf[target] = rp;
      messageOf[target] = await insertMessage(w, target, 'dead');
    }
  });

  for (const route of routes) {
    for (const role of ROLES) {
      for (const orgWide of [true, false]) {
        const actorKey = orgWide ? role : `${role}@A`;
        it(`${route.name} as ${actorKey}`, async () => {
          const actor = { bearer: w.org.users[actorKey].token };
          for (const target of route.kind === 'list' && !route.listed ? (['own'] as Target[]) : TARGETS) {
            const req = await route.request(w, target, ++counter, w.org.users[actorKey]);
            const form = req.files ? multipart({}, req.files) : undefined;
            const res = form
              ? await t.app.inject({ method: req.method, url: req.url, headers: { ...authHeaders(actor), ...form.headers }, payload: form.payload })
              : await api(t.app, req.method, req.url, actor, req.body);
            const expected = expectedStatus(route, role, orgWide, target);
            expect(res.statusCode, `${route.name} as ${actorKey} on ${target}: ${res.body.slice(0, 200)}`).toBe(expected);
            if (expected >= 400) {
              expect(res.json().error.code).toBe(expected === 403 ? 'forbidden' : expected === 404 ? 'not_found' : 'validation_failed');
            }
            if (route.listed && expected === 200) {
              const ids = (res.json().items as { id: string }[]).map((i) => i.id);
              const visible = target === 'own' || (target === 'otherSite' && orgWide);
              expect(ids.includes(route.listed(w, target)), `${route.name} as ${actorKey} lists ${target}`).toBe(visible);
            }
          }
        });
      }
    }
  }

  it('never shows another organisation in the audit trail, token list or user list', async () => {
    const admin = { bearer: w.org.users.admin.token };
    const events = (await api(t.app, 'GET', '/api/v1/audit-events?pageSize=200', admin)).json().items as { entityId: string | null }[];
    const otherIds = new Set([w.other.orgId, w.other.siteA, w.other.siteB, w.other.customerA, w.other.customerB, w.userOn.otherOrg.id]);
    expect(events.some((e) => e.entityId && otherIds.has(e.entityId))).toBe(false);
    const tokens = (await api(t.app, 'GET', '/api/v1/tokens', admin)).json().items as { userId: string }[];
    const otherUsers = new Set(Object.values(w.other.users).map((u) => u.id));
    expect(tokens.some((tk) => otherUsers.has(tk.userId))).toBe(false);
  });

  it('refuses the live stream without a valid session or token', async () => {
    expect((await api(t.app, 'GET', '/api/v1/live')).statusCode).toBe(401);
    const bad = await api(t.app, 'GET', '/api/v1/live', { bearer: 'fuwu_not-a-token' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('unauthenticated');
    expect((await api(t.app, 'GET', '/api/v1/live', { cookie: 'fuwu_session=expired-or-forged', csrf: 'x' })).statusCode).toBe(401);
  });

  it('cannot revoke another organisation’s token', async () => {
    const otherToken = await t.db.kysely.selectFrom('api_tokens').select('id').where('org_id', '=', w.other.orgId).executeTakeFirstOrThrow();
    const res = await api(t.app, 'DELETE', `/api/v1/tokens/${otherToken.id}`, { bearer: w.org.users.admin.token });
    expect(res.statusCode).toBe(404);
    const stillLive = await t.db.kysely.selectFrom('api_tokens').select('revoked_at').where('id', '=', otherToken.id).executeTakeFirstOrThrow();
    expect(stillLive.revoked_at).toBeNull();
  });
});
