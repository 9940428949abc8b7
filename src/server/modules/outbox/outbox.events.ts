import { CASE_UPDATE_PHRASES, type CaseUpdateKind } from '../../../shared/outbox/templates.js';
import { LOCALES, type Locale } from '../../../shared/roles.js';
import type { Db } from '../../db/database.js';
import type { CaseChange } from '../cases/case-effects.js';
import * as repo from './outbox.repository.js';
import { enqueueMessage } from './outbox.service.js';

/** Customers read their case news in Chinese: the customer record has no language of its own. */
const CUSTOMER_LOCALE: Locale = 'zh-CN';
/** An SMS quotes at most this much of a reply; the email quotes it whole. */
const SMS_REPLY_CHARS = 120;

/** Which case writes the customer hears about: a public reply by staff, resolution, closing. Never a note. */
function customerUpdateOf(change: CaseChange): CaseUpdateKind | null {
  if (change.kind === 'comment' && change.actor) return 'reply';
  if (change.kind === 'transition' && change.action === 'resolve') return 'resolved';
  if (change.kind === 'transition' && change.action === 'close') return 'closed';
  return null;
}

/**
 * Tells the customer who raised a case that it has a public reply, was resolved or was closed, by
 * SMS and/or email as the customer consented (customers.consent_sms / consent_email). Called from
 * afterCaseWrite inside the writing transaction, so the message is queued exactly when the change
 * commits.
 */
export async function notifyCustomerOfCaseUpdate(db: Db, orgId: string, caseId: string, change: CaseChange): Promise<void> {
  const update = customerUpdateOf(change);
  if (!update) return;
  const c = await repo.findCaseForCustomer(db.kysely, orgId, caseId);
  if (!c || c.deleted_at) return;
  const wantsSms = c.consent_sms === 1 && Boolean(c.phone);
  const wantsEmail = c.consent_email === 1 && Boolean(c.email);
  if (!wantsSms && !wantsEmail) return;
  const org = await repo.findOrganisation(db.kysely, orgId);
  let reply = '';
  let replyId: string | null = null;
  if (update === 'reply') {
    const latest = await repo.findLatestPublicReply(db.kysely, orgId, caseId);
    reply = latest?.body?.trim() ?? '';
    replyId = latest?.id ?? null;
  }
  const data = { customerName: c.customer_name, number: c.number, title: c.title, update: CASE_UPDATE_PHRASES[CUSTOMER_LOCALE][update], reply, orgName: org?.name ?? '' };
  // A reply is one event: queueing it twice (a retried request) sends it once.
  const dedupe = (channel: string) => (replyId ? `case.updated:${replyId}:${channel}` : null);
  if (wantsSms) {
    const short = reply.length > SMS_REPLY_CHARS ? `${reply.slice(0, SMS_REPLY_CHARS)}…` : reply;
    await enqueueMessage(db, { orgId, channel: 'sms', event: 'case.updated', locale: CUSTOMER_LOCALE, recipient: c.phone, recipientCustomerId: c.customer_id, data: { ...data, reply: short }, dedupeKey: dedupe('sms') });
  }
  if (wantsEmail) {
    await enqueueMessage(db, { orgId, channel: 'email', event: 'case.updated', locale: CUSTOMER_LOCALE, recipient: c.email!, recipientCustomerId: c.customer_id, data, dedupeKey: dedupe('email') });
  }
}

// ---------------------------------------------------------------------------------------------
// Revisit reminders

/** The local date (YYYY-MM-DD) and hour of an instant in a time zone. */
function localClock(at: Date, timeZone: string): { date: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function zoneOffsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(at / 1000) * 1000;
}

/** The UTC instant of local midnight starting a date (YYYY-MM-DD) in a zone (correct across DST changes). */
export function localMidnight(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  let guess = wall - zoneOffsetMs(wall, timeZone);
  guess = wall - zoneOffsetMs(guess, timeZone);
  return new Date(guess);
}

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

const CHANNEL_WORDS: Record<Locale, Record<string, string>> = {
  'zh-CN': { phone: '电话', visit: '上门', wechat: '微信', sms: '短信', email: '邮件' },
  'zh-TW': { phone: '電話', visit: '上門', wechat: '微信', sms: '簡訊', email: '郵件' },
  'en-US': { phone: 'phone', visit: 'visit', wechat: 'WeChat', sms: 'SMS', email: 'email' },
};

function localTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/**
 * Queues each staff member's reminder of the revisits due today (organisation time zone), by
 * email, once the local hour reaches `reminderHour`: one message per owner and day (dedupe key
 * `revisit.reminder:<owner>:<date>`, so several instances and repeated rounds queue it once),
 * listing the due revisits not yet reminded today, which are then marked (`revisits.reminded_at`).
 * Owners without an email address, or disabled, get none.
 */
export async function queueRevisitReminders(db: Db, now: Date, options: { reminderHour: number }): Promise<{ reminders: number }> {
  let reminders = 0;
  // Every zone's "today" lies within a day and a half around now; each organisation narrows it to its own.
  const orgs = await repo.findOrganisationsWithDueRevisits(db.kysely, new Date(now.getTime() - 36 * 3600_000).toISOString(), new Date(now.getTime() + 36 * 3600_000).toISOString());
  for (const org of orgs) {
    const { date, hour } = localClock(now, org.timezone);
    if (hour < options.reminderHour) continue;
    const from = localMidnight(date, org.timezone).toISOString();
    const to = localMidnight(nextDate(date), org.timezone).toISOString();
    const due = (await repo.findDueRevisitsForReminder(db.kysely, org.id, from, to)).filter((r) => r.reminded_at === null || r.reminded_at < from);
    const byOwner = new Map<string, typeof due>();
    for (const r of due) byOwner.set(r.owner_id!, [...(byOwner.get(r.owner_id!) ?? []), r]);
    for (const [ownerId, list] of byOwner) {
      const owner = list[0];
      if (!owner.owner_email || owner.owner_active !== 1) continue;
      const locale = ((LOCALES as readonly string[]).includes(owner.owner_locale) ? owner.owner_locale : 'zh-CN') as Locale;
      const lines = list.map((r) => {
        const channel = CHANNEL_WORDS[locale][r.channel] ?? r.channel;
        const who = r.customer_name ?? '-';
        const paren = locale === 'en-US' ? ` (${channel})` : `（${channel}）`;
        return `· ${localTime(r.due_at, org.timezone)} ${who}${paren}${r.case_number ? ` ${r.case_number}` : ''}`;
      });
      const queued = await db.kysely.transaction().execute(async (trx) => {
        const result = await enqueueMessage(trx, {
          orgId: org.id,
          channel: 'email',
          event: 'revisit.reminder',
          locale,
          recipient: owner.owner_email!,
          recipientUserId: ownerId,
          data: { name: owner.owner_name, date, count: list.length, list: lines.join('\n'), orgName: org.name },
          dedupeKey: `revisit.reminder:${ownerId}:${date}`,
        });
        if (result.queued) await repo.markRevisitsReminded(trx, org.id, list.map((r) => r.id), now.toISOString());
        return result.queued;
      });
      if (queued) reminders++;
    }
  }
  return { reminders };
}
