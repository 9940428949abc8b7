import { createHmac } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type { OutboxChannel } from '../../../shared/outbox/templates.js';
import type { OutboxConfig } from '../../config.js';

/** One message as a transport sends it. */
export interface OutgoingMessage {
  id: string;
  channel: OutboxChannel;
  event: string;
  locale: string;
  recipient: string;
  subject: string | null;
  body: string;
}

/**
 * Something that delivers messages of one channel. `send` resolves once the far side has accepted
 * the message and rejects with a readable error otherwise (the worker retries and records it).
 */
export interface Transport {
  /** shown at startup and in logs: smtp, sms-webhook, log */
  readonly name: string;
  send(message: OutgoingMessage): Promise<void>;
  close?(): Promise<void>;
}

export type Transports = Record<OutboxChannel, Transport>;

/** Mail is sent as plain text with an HTML part made of the same text, escaped: no value can inject markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function textToHtml(text: string, lang: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  return `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"></head><body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;font-size:14px;line-height:1.6">${paragraphs.join('')}</body></html>`;
}

/** Email by SMTP (nodemailer, pooled connections). Headers with Chinese are encoded by nodemailer (RFC 2047). */
export function smtpTransport(options: { url: string; from: string; maxConnections?: number }): Transport {
  const mailer = nodemailer.createTransport({
    ...parseSmtpUrl(options.url),
    pool: true,
    maxConnections: options.maxConnections ?? 4,
    maxMessages: Infinity,
    // A stuck server must not hold a claimed message longer than the claim lasts.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    name: 'smtp',
    async send(message) {
      await mailer.sendMail({
        from: options.from,
        to: message.recipient,
        subject: message.subject ?? '',
        text: message.body,
        html: textToHtml(message.body, message.locale),
        messageId: `<${message.id}@fuwu.outbox>`,
        headers: { 'X-Fuwu-Event': message.event },
      });
    },
    async close() {
      mailer.close();
    },
  };
}

function parseSmtpUrl(value: string) {
  const url = new URL(value);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // smtp://…?tls=insecure for a relay with a self-signed certificate on a private network
    tls: url.searchParams.get('tls') === 'insecure' ? { rejectUnauthorized: false } : undefined,
  };
}

/** The signature a webhook receiver checks: hex HMAC-SHA256 of `<timestamp>.<raw body>` with the shared secret. */
export function webhookSignature(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/**
 * SMS through an HTTP gateway: a JSON POST signed with HMAC-SHA256 (`x-fuwu-signature: sha256=<hex>`
 * over `<x-fuwu-timestamp>.<body>`). The message id travels as `idempotency-key`, so a gateway can
 * drop the second copy of a retried request. Any answer other than 2xx is a failure.
 */
export function smsWebhookTransport(options: { url: string; secret: string; timeoutMs?: number }): Transport {
  return {
    name: 'sms-webhook',
    async send(message) {
      const body = JSON.stringify({ id: message.id, to: message.recipient, text: message.body, event: message.event, locale: message.locale });
      const timestamp = String(Math.floor(Date.now() / 1000));
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'x-fuwu-timestamp': timestamp,
            'x-fuwu-signature': `sha256=${webhookSignature(options.secret, timestamp, body)}`,
            'idempotency-key': message.id,
          },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (error) {
        throw new Error(`SMS gateway not reached: ${(error as Error).message}`);
      }
      if (!response.ok) {
        const text = (await response.text().catch(() => '')).slice(0, 300);
        throw new Error(`SMS gateway answered ${response.status}${text ? `: ${text}` : ''}`);
      }
      // Drain the body so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
    },
  };
}

/** Development: the message is written to the log and counts as sent. */
export function logTransport(channel: OutboxChannel, log: Pick<FastifyBaseLogger, 'info'>): Transport {
  return {
    name: 'log',
    async send(message) {
      log.info({ outbox: { id: message.id, channel, event: message.event, to: message.recipient, subject: message.subject, body: message.body } }, `${channel} (log transport, not sent)`);
    },
  };
}

/** The transports the configuration asks for; the log transport where a channel is not configured. */
export function createTransports(config: OutboxConfig, log: Pick<FastifyBaseLogger, 'info'>): Transports {
  return {
    email: config.smtp ? smtpTransport(config.smtp) : logTransport('email', log),
    sms: config.smsWebhook ? smsWebhookTransport(config.smsWebhook) : logTransport('sms', log),
  };
}
