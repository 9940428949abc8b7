import { z } from 'zod';

/**
 * The whole environment, parsed once. Nothing else in the server reads process.env:
 * everything that can be configured is here, validated together so that every problem is
 * reported at start rather than the first one only.
 */
const boolFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/fuwu.db')
    .refine((v) => /^sqlite:.+/.test(v) || /^postgres(ql)?:\/\/.+/.test(v), {
      message: 'must be sqlite:<file> or postgres://user@host:port/db',
    }),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  DEMO_DATA: boolFlag.default(false),
  DEFAULT_TIMEZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine(isValidTimeZone, { message: 'is not an IANA time zone such as Asia/Shanghai' }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Directory for the SQLite file's neighbours: attachments, backups. */
  DATA_DIR: z.string().default('./data'),
  /** Set when the app is served over HTTPS (directly or behind a proxy): cookies become Secure. */
  SECURE_COOKIES: boolFlag.optional(),
  TRUST_PROXY: boolFlag.default(false),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Largest attachment accepted, in bytes (images and PDF on cases and the portal). */
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(10 * 1024 * 1024),
  /** New cases per minute one client address may submit on the public portal. */
  PORTAL_CREATE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
  /** Other public portal requests (form data, tracking pages, replies, downloads) per minute and client address. */
  PORTAL_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  /** Seconds between heartbeats on a live-update stream; each re-checks the caller's sign-in. Below a proxy's idle timeout. */
  LIVE_HEARTBEAT_SECONDS: z.coerce.number().min(0.05).max(3600).default(25),
  /** Outgoing mail server, smtp://user:pass@host:587 or smtps://host:465; unset = emails are only logged. */
  SMTP_URL: z
    .string()
    .refine((v) => isUrlOf(v, ['smtp:', 'smtps:']), { message: 'must be smtp://[user:password@]host[:port] or smtps://…' })
    .optional(),
  /** Sender of outgoing mail, e.g. "服务中心 <noreply@example.com>". */
  SMTP_FROM: z
    .string()
    .refine((v) => /^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/.test(v.trim()), { message: 'must be an address, optionally with a name: Name <noreply@example.com>' })
    .optional(),
  /** The SMS gateway's webhook: messages are POSTed there as signed JSON; unset = SMS are only logged. */
  SMS_WEBHOOK_URL: z
    .string()
    .refine((v) => isUrlOf(v, ['http:', 'https:']), { message: 'must be an http:// or https:// URL' })
    .optional(),
  /** Key of the HMAC-SHA256 signature on every webhook request (x-fuwu-signature). */
  SMS_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Delivery attempts of an email or SMS before it is dead-lettered. */
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Wait before the first retry; each later retry waits twice as long (at most 6 hours). */
  OUTBOX_RETRY_BASE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Local hour (0–23, organisation time zone) from which the day's revisit reminders are sent. */
  REVISIT_REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(8),
}).superRefine((e, ctx) => {
  // Settings that only make sense together: half a transport is a mistake, not a default.
  const pairs = [
    ['SMTP_URL', 'SMTP_FROM'],
    ['SMS_WEBHOOK_URL', 'SMS_WEBHOOK_SECRET'],
  ] as const;
  for (const [a, b] of pairs) {
    if (e[a] !== undefined && e[b] === undefined) ctx.addIssue({ code: 'custom', path: [b], message: `is required when ${a} is set` });
    if (e[a] === undefined && e[b] !== undefined) ctx.addIssue({ code: 'custom', path: [a], message: `is required when ${b} is set` });
  }
});

export interface Config {
  port: number;
  host: string;
  database: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };
  adminPassword: string | undefined;
  demoData: boolean;
  defaultTimezone: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  dataDir: string;
  /** undefined = decide per request from the protocol */
  secureCookies: boolean | undefined;
  trustProxy: boolean;
  sessionTtlHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  loginRateLimitPerMinute: number;
  attachmentMaxBytes: number;
  portalCreateRateLimitPerMinute: number;
  portalRateLimitPerMinute: number;
  liveHeartbeatMs: number;
  /** Email and SMS delivery (the outbox module). */
  outbox: OutboxConfig;
  /** Directory of the built browser app; absent in API-only tests. */
  webDir: string | undefined;
}

export interface OutboxConfig {
  smtp: { url: string; from: string } | null;
  smsWebhook: { url: string; secret: string } | null;
  maxAttempts: number;
  retryBaseSeconds: number;
  reminderHour: number;
}

function isUrlOf(value: string, protocols: string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses an environment (process.env by default) into a frozen Config, or throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined>, overrides: Partial<Config> = {}): Config {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(blankless);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;

  const database = e.DATABASE_URL.startsWith('sqlite:')
    ? ({ dialect: 'sqlite', file: e.DATABASE_URL.slice('sqlite:'.length) } as const)
    : ({ dialect: 'postgres', url: e.DATABASE_URL } as const);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    database,
    adminPassword: e.ADMIN_PASSWORD,
    demoData: e.DEMO_DATA,
    defaultTimezone: e.DEFAULT_TIMEZONE,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    secureCookies: e.SECURE_COOKIES,
    trustProxy: e.TRUST_PROXY,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockMinutes: e.LOGIN_LOCK_MINUTES,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    portalCreateRateLimitPerMinute: e.PORTAL_CREATE_RATE_LIMIT_PER_MINUTE,
    portalRateLimitPerMinute: e.PORTAL_RATE_LIMIT_PER_MINUTE,
    liveHeartbeatMs: Math.round(e.LIVE_HEARTBEAT_SECONDS * 1000),
    outbox: Object.freeze({
      smtp: e.SMTP_URL && e.SMTP_FROM ? { url: e.SMTP_URL, from: e.SMTP_FROM.trim() } : null,
      smsWebhook: e.SMS_WEBHOOK_URL && e.SMS_WEBHOOK_SECRET ? { url: e.SMS_WEBHOOK_URL, secret: e.SMS_WEBHOOK_SECRET } : null,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      retryBaseSeconds: e.OUTBOX_RETRY_BASE_SECONDS,
      reminderHour: e.REVISIT_REMINDER_HOUR,
    }),
    webDir: undefined,
    ...overrides,
  });
}
