import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import { maskName, maskPhone } from '../../../shared/phone.js';
import type { Locale } from '../../../shared/roles.js';
import type { Page } from '../../../shared/schemas/common.js';
import type { Customer, customerCreateBody, customerListQuery, customerUpdateBody } from '../../../shared/schemas/org.js';
import type { CustomerRow } from '../../db/types.js';
import { assertVersion, changedFields } from '../../lib/concurrency.js';
import { newId, nowIso } from '../../lib/ids.js';
import { assertInScope, optionalSiteScope, scopeCovers, siteScope } from '../access/access.policy.js';
import type { SiteScope } from '../access/actor.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { ServiceContext } from '../context.js';
import { findSiteRow } from '../sites/sites.repository.js';
import * as repo from './customers.repository.js';

/** Customers' names and numbers are masked for roles that do not need them (inspectors, managers reading figures). */
function present(row: repo.CustomerWithSite, piiScope: SiteScope): Customer {
  const customer = repo.toCustomer(row);
  if (scopeCovers(piiScope, row.site_id)) return customer;
  return {
    ...customer,
    name: maskName(customer.name),
    phone: maskPhone(customer.phone),
    phone2: customer.phone2 ? maskPhone(customer.phone2) : null,
    email: customer.email ? customer.email.replace(/^(.).*(@.*)$/, '$1***$2') : null,
    masked: true,
  };
}

const siteNotFound = () =>
  new AppError('validation_failed', 'The site does not exist', [{ path: 'siteId', message: 'not_found', code: 'not_found' }]);

/** Lists customers on the caller's sites, newest first. */
export async function listCustomers(ctx: ServiceContext, query: z.infer<typeof customerListQuery>): Promise<Page<Customer>> {
  const [scope, piiScope] = await Promise.all([
    siteScope(ctx.db, ctx.actor, 'customers.read'),
    optionalSiteScope(ctx.db, ctx.actor, 'customers.pii'),
  ]);
  const phoneSearch = piiScope.all || piiScope.siteIds.length > 0;
  const { rows, total } = await repo.findCustomers(ctx.db, ctx.actor.orgId, scope, { ...query, phoneSearch }, query);
  return { items: rows.map((r) => present(r, piiScope)), total, page: query.page, pageSize: query.pageSize };
}

/** One customer, or 404 outside the caller's sites. */
export async function getCustomer(ctx: ServiceContext, id: string): Promise<Customer> {
  const scope = await siteScope(ctx.db, ctx.actor, 'customers.read');
  const row = await repo.findCustomerRow(ctx.db.kysely, ctx.actor.orgId, id);
  if (!row) throw new AppError('not_found', 'Customer not found');
  assertInScope(scope, row.site_id, 'Customer');
  return present(row, await optionalSiteScope(ctx.db, ctx.actor, 'customers.pii'));
}

/** Registers a customer on one of the caller's sites. */
export async function createCustomer(ctx: ServiceContext, input: z.infer<typeof customerCreateBody>): Promise<Customer> {
  const scope = await siteScope(ctx.db, ctx.actor, 'customers.write');
  const now = nowIso();
  const row: CustomerRow = {
    id: newId(),
    org_id: ctx.actor.orgId,
    site_id: input.siteId,
    name: input.name,
    phone: input.phone,
    phone2: input.phone2 ?? null,
    email: input.email ?? null,
    tier: input.tier,
    unit: input.unit || null,
    address: input.address || null,
    tags: JSON.stringify([...new Set(input.tags)]),
    consent_sms: input.consent.sms ? 1 : 0,
    consent_email: input.consent.email ? 1 : 0,
    consent_survey: input.consent.survey ? 1 : 0,
    notes: input.notes || null,
    stage: 'none',
    stage_changed_at: null,
    deleted_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const site = await findSiteRow(trx, ctx.actor.orgId, input.siteId);
    if (!site || !scopeCovers(scope, site.id)) throw siteNotFound();
    await repo.insertCustomer(trx, row);
    const customer = repo.toCustomer({ ...row, site_name: site.name });
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'create', entity: 'customer', entityId: row.id, after: customer });
    return customer;
  });
}

/** Edits a customer; moving them to another site needs write access on both. */
export async function updateCustomer(ctx: ServiceContext, id: string, input: z.infer<typeof customerUpdateBody>): Promise<Customer> {
  const scope = await siteScope(ctx.db, ctx.actor, 'customers.write');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await repo.findCustomerRow(trx, ctx.actor.orgId, id);
    if (!row) throw new AppError('not_found', 'Customer not found');
    assertInScope(scope, row.site_id, 'Customer');
    assertVersion(row.version, input.version, 'The customer');
    const changes: Partial<CustomerRow> = { updated_at: nowIso() };
    let siteName = row.site_name;
    if (input.siteId !== undefined && input.siteId !== row.site_id) {
      const site = await findSiteRow(trx, ctx.actor.orgId, input.siteId);
      if (!site || !scopeCovers(scope, site.id)) throw siteNotFound();
      changes.site_id = site.id;
      siteName = site.name;
    }
    if (input.name !== undefined) changes.name = input.name;
    if (input.phone !== undefined) changes.phone = input.phone;
    if (input.phone2 !== undefined) changes.phone2 = input.phone2;
    if (input.email !== undefined) changes.email = input.email;
    if (input.tier !== undefined) changes.tier = input.tier;
    if (input.unit !== undefined) changes.unit = input.unit || null;
    if (input.address !== undefined) changes.address = input.address || null;
    if (input.notes !== undefined) changes.notes = input.notes || null;
    if (input.tags !== undefined) changes.tags = JSON.stringify([...new Set(input.tags)]);
    if (input.consent?.sms !== undefined) changes.consent_sms = input.consent.sms ? 1 : 0;
    if (input.consent?.email !== undefined) changes.consent_email = input.consent.email ? 1 : 0;
    if (input.consent?.survey !== undefined) changes.consent_survey = input.consent.survey ? 1 : 0;
    const before = repo.toCustomer(row);
    const diff = changedFields(before, repo.toCustomer({ ...row, ...changes, updated_at: row.updated_at, site_name: siteName }));
    // Nothing actually changes: no write, no version bump, no audit noise.
    if (Object.keys(diff.after).length === 0) return before;
    if (!(await repo.updateCustomerRow(trx, ctx.actor.orgId, id, row.version, changes))) {
      throw new AppError('stale_version', 'The customer was changed by someone else; reload and try again');
    }
    const after = repo.toCustomer({ ...row, ...changes, site_name: siteName, version: row.version + 1 });
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'update', entity: 'customer', entityId: id, ...diff });
    return after;
  });
}

/** Removes a customer from lists; the record is kept (soft delete) for history and audit. */
export async function deleteCustomer(ctx: ServiceContext, id: string): Promise<void> {
  const scope = await siteScope(ctx.db, ctx.actor, 'customers.write');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await repo.findCustomerRow(trx, ctx.actor.orgId, id);
    if (!row) throw new AppError('not_found', 'Customer not found');
    assertInScope(scope, row.site_id, 'Customer');
    const now = nowIso();
    if (!(await repo.updateCustomerRow(trx, ctx.actor.orgId, id, row.version, { deleted_at: now, updated_at: now }))) {
      throw new AppError('stale_version', 'The customer was changed by someone else; reload and try again');
    }
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'delete', entity: 'customer', entityId: id, before: repo.toCustomer(row) });
  });
}

export const EXPORT_ROW_LIMIT = 50_000;

const EXPORT_HEADERS: Record<Locale, Record<string, string>> = {
  'zh-CN': { name: '姓名', phone: '电话', phone2: '备用电话', tier: '客户等级', site: '所属项目', unit: '房号/单元', address: '地址', email: '邮箱', tags: '标签', consent: '授权', createdAt: '登记时间', vip: 'VIP', key: '重点', ordinary: '普通', sms: '短信', mail: '邮件', survey: '调查' },
  'zh-TW': { name: '姓名', phone: '電話', phone2: '備用電話', tier: '客戶等級', site: '所屬專案', unit: '房號/單元', address: '地址', email: '電子郵件', tags: '標籤', consent: '授權', createdAt: '登記時間', vip: 'VIP', key: '重點', ordinary: '一般', sms: '簡訊', mail: '郵件', survey: '調查' },
  'en-US': { name: 'Name', phone: 'Phone', phone2: 'Second phone', tier: 'Tier', site: 'Site', unit: 'Unit', address: 'Address', email: 'Email', tags: 'Tags', consent: 'Consent', createdAt: 'Registered', vip: 'VIP', key: 'Key', ordinary: 'Ordinary', sms: 'SMS', mail: 'Email', survey: 'Survey' },
};

/** An Excel workbook of the customers matching the filter, with headers in the caller's language. */
export async function exportCustomers(ctx: ServiceContext, query: z.infer<typeof customerListQuery>, locale: Locale, timezone: string): Promise<Buffer> {
  const [scope, piiScope] = await Promise.all([
    siteScope(ctx.db, ctx.actor, 'customers.export'),
    optionalSiteScope(ctx.db, ctx.actor, 'customers.pii'),
  ]);
  const rows = await repo.findCustomersForExport(ctx.db, ctx.actor.orgId, scope, query, EXPORT_ROW_LIMIT);
  const h = EXPORT_HEADERS[locale];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Fuwu';
  const sheet = workbook.addWorksheet(locale === 'en-US' ? 'Customers' : locale === 'zh-TW' ? '客戶' : '客户', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = [
    { header: h.name, key: 'name', width: 12 },
    { header: h.phone, key: 'phone', width: 16 },
    { header: h.phone2, key: 'phone2', width: 16 },
    { header: h.tier, key: 'tier', width: 10 },
    { header: h.site, key: 'site', width: 20 },
    { header: h.unit, key: 'unit', width: 16 },
    { header: h.address, key: 'address', width: 36 },
    { header: h.email, key: 'email', width: 24 },
    { header: h.tags, key: 'tags', width: 20 },
    { header: h.consent, key: 'consent', width: 16 },
    { header: h.createdAt, key: 'createdAt', width: 20 },
  ];
  sheet.getRow(1).font = { bold: true };
  const format = new Intl.DateTimeFormat('sv-SE', { timeZone: timezone, dateStyle: 'short', timeStyle: 'short' });
  for (const row of rows) {
    const c = present(row, piiScope);
    sheet.addRow({
      name: c.name,
      phone: c.phone,
      phone2: c.phone2 ?? '',
      tier: h[c.tier],
      site: c.siteName,
      unit: c.unit ?? '',
      address: c.address ?? '',
      email: c.email ?? '',
      tags: c.tags.join('、'),
      consent: [c.consent.sms && h.sms, c.consent.email && h.mail, c.consent.survey && h.survey].filter(Boolean).join('、'),
      createdAt: format.format(new Date(c.createdAt)),
    });
  }
  await insertAuditEvent(ctx.db.kysely, ctx.actor, ctx.actor.orgId, {
    action: 'export',
    entity: 'customer',
    entityId: null,
    after: { rows: rows.length, filter: query },
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
