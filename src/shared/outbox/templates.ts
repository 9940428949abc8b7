import type { Locale } from '../roles.js';

/**
 * Message templates: what each event says by email and SMS, in the three languages. Pure, so the
 * server renders messages with it and the browser previews an edited template without a round trip.
 * Placeholders are `{{name}}`; only the event's own variables may be used.
 */

export const OUTBOX_CHANNELS = ['email', 'sms'] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];

export const OUTBOX_EVENTS = ['revisit.reminder', 'case.updated'] as const;
export type OutboxEvent = (typeof OUTBOX_EVENTS)[number];

/** Which channels each event is sent on: reminders go to staff by email, case news to customers by SMS or email. */
export const EVENT_CHANNELS: Record<OutboxEvent, readonly OutboxChannel[]> = {
  'revisit.reminder': ['email'],
  'case.updated': ['sms', 'email'],
};

/** The variables each event's templates may use. */
export const EVENT_VARIABLES: Record<OutboxEvent, readonly string[]> = {
  'revisit.reminder': ['name', 'date', 'count', 'list', 'orgName'],
  'case.updated': ['customerName', 'number', 'title', 'update', 'reply', 'orgName'],
};

/** What happened to a customer's case, as the customer reads it (the `update` variable of case.updated). */
export const CASE_UPDATE_KINDS = ['reply', 'resolved', 'closed'] as const;
export type CaseUpdateKind = (typeof CASE_UPDATE_KINDS)[number];
export const CASE_UPDATE_PHRASES: Record<Locale, Record<CaseUpdateKind, string>> = {
  'zh-CN': { reply: '有了新的回复', resolved: '已处理完毕', closed: '已办结' },
  'zh-TW': { reply: '有了新的回覆', resolved: '已處理完畢', closed: '已辦結' },
  'en-US': { reply: 'has a new reply', resolved: 'has been resolved', closed: 'has been closed' },
};

export interface TemplateText {
  /** email only; null for SMS */
  subject: string | null;
  body: string;
}

type Defaults = Record<OutboxEvent, Partial<Record<OutboxChannel, Record<Locale, TemplateText>>>>;

/** The built-in wording, used until an organisation writes its own (and again after "restore default"). */
export const DEFAULT_TEMPLATES: Defaults = {
  'revisit.reminder': {
    email: {
      'zh-CN': {
        subject: '回访提醒：今天有 {{count}} 项回访待完成（{{date}}）',
        body: '{{name}}，您好：\n\n今天（{{date}}）您有 {{count}} 项回访待完成：\n\n{{list}}\n\n请登录服务系统，在“我的回访”中查看并及时完成。\n\n{{orgName}}',
      },
      'zh-TW': {
        subject: '回訪提醒：今天有 {{count}} 項回訪待完成（{{date}}）',
        body: '{{name}}，您好：\n\n今天（{{date}}）您有 {{count}} 項回訪待完成：\n\n{{list}}\n\n請登入服務系統，在「我的回訪」中查看並及時完成。\n\n{{orgName}}',
      },
      'en-US': {
        subject: 'Revisit reminder: {{count}} due today ({{date}})',
        body: 'Hello {{name}},\n\nYou have {{count}} revisit(s) due today ({{date}}):\n\n{{list}}\n\nPlease sign in and complete them under "My revisits".\n\n{{orgName}}',
      },
    },
  },
  'case.updated': {
    sms: {
      'zh-CN': { subject: null, body: '【{{orgName}}】{{customerName}}您好，您反映的问题（工单号 {{number}}）{{update}}。{{reply}}' },
      'zh-TW': { subject: null, body: '【{{orgName}}】{{customerName}}您好，您反映的問題（工單號 {{number}}）{{update}}。{{reply}}' },
      'en-US': { subject: null, body: '[{{orgName}}] Dear {{customerName}}, your request {{number}} {{update}}. {{reply}}' },
    },
    email: {
      'zh-CN': {
        subject: '您的工单 {{number}} {{update}}',
        body: '{{customerName}}，您好：\n\n您反映的问题“{{title}}”（工单号 {{number}}）{{update}}。\n\n{{reply}}\n\n如有疑问，请联系服务中心。感谢您的支持！\n\n{{orgName}}',
      },
      'zh-TW': {
        subject: '您的工單 {{number}} {{update}}',
        body: '{{customerName}}，您好：\n\n您反映的問題「{{title}}」（工單號 {{number}}）{{update}}。\n\n{{reply}}\n\n如有疑問，請聯絡服務中心。感謝您的支持！\n\n{{orgName}}',
      },
      'en-US': {
        subject: 'Your request {{number}} {{update}}',
        body: 'Dear {{customerName}},\n\nYour request "{{title}}" ({{number}}) {{update}}.\n\n{{reply}}\n\nIf you have any questions, please contact our service centre. Thank you!\n\n{{orgName}}',
      },
    },
  },
};

/** The built-in template, or undefined when the event is not sent on the channel. */
export function defaultTemplate(event: OutboxEvent, channel: OutboxChannel, locale: Locale): TemplateText | undefined {
  return DEFAULT_TEMPLATES[event][channel]?.[locale];
}

/** Example values for previews, per language. */
export const SAMPLE_DATA: Record<Locale, Record<OutboxEvent, Record<string, string>>> = {
  'zh-CN': {
    'revisit.reminder': { name: '张敏', date: '2026-11-03', count: '2', list: '· 10:00 王建国（电话）\n· 14:30 李秀英（上门）', orgName: '阳光物业服务中心' },
    'case.updated': { customerName: '王建国', number: 'FW-20261103-0007', title: '电梯异响', update: CASE_UPDATE_PHRASES['zh-CN'].reply, reply: '维修人员将于今天下午到场检修。', orgName: '阳光物业服务中心' },
  },
  'zh-TW': {
    'revisit.reminder': { name: '張敏', date: '2026-11-03', count: '2', list: '· 10:00 王建國（電話）\n· 14:30 李秀英（上門）', orgName: '陽光物業服務中心' },
    'case.updated': { customerName: '王建國', number: 'FW-20261103-0007', title: '電梯異響', update: CASE_UPDATE_PHRASES['zh-TW'].reply, reply: '維修人員將於今天下午到場檢修。', orgName: '陽光物業服務中心' },
  },
  'en-US': {
    'revisit.reminder': { name: 'Min Zhang', date: '2026-11-03', count: '2', list: '· 10:00 Wang Jianguo (phone)\n· 14:30 Li Xiuying (visit)', orgName: 'Sunshine Property Services' },
    'case.updated': { customerName: 'Wang Jianguo', number: 'FW-20261103-0007', title: 'Lift noise', update: CASE_UPDATE_PHRASES['en-US'].reply, reply: 'A technician will come this afternoon.', orgName: 'Sunshine Property Services' },
  },
};

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** Replaces `{{name}}` with the value (text, unescaped); unknown names become empty. */
export function renderText(template: string, data: Record<string, string | number | null | undefined>): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => {
    const value = Object.hasOwn(data, name) ? data[name] : undefined;
    return value === null || value === undefined ? '' : String(value);
  });
}

/** Renders a template; the subject is one line (line breaks in values would otherwise forge mail headers). */
export function renderTemplate(template: TemplateText, data: Record<string, string | number | null | undefined>): TemplateText {
  return {
    subject: template.subject === null ? null : renderText(template.subject, data).replace(/[\r\n]+/g, ' ').trim(),
    body: renderText(template.body, data).replace(/\n{3,}/g, '\n\n').trim(),
  };
}

/** Placeholders a template uses that its event does not have (an edit must not promise data that never comes). */
export function unknownPlaceholders(event: OutboxEvent, text: string): string[] {
  const allowed = EVENT_VARIABLES[event];
  const unknown = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) if (!allowed.includes(match[1])) unknown.add(match[1]);
  return [...unknown];
}
