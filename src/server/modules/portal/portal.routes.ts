import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, type ErrorDetail } from '../../../shared/errors.js';
import {
  orgSlugParams,
  portalAttachmentParams,
  portalCaseBody,
  portalCaseCreated,
  portalCaseParams,
  portalCaseView,
  portalFormQuery,
  portalFormSchema,
  portalReplyBody,
  portalTokenQuery,
} from '../../../shared/schemas/portal.js';
import type { Config } from '../../config.js';
import { sendAttachment } from '../attachments/attachments.routes.js';
import { readUpload, type UploadedFile } from '../attachments/attachments.upload.js';
import type { RoutesPlugin } from '../routes.js';
import { createPortalCase, downloadPortalAttachment, getPortalCase, getPortalForm, replyOnPortal } from './portal.service.js';

/** The tracking token: from the `x-portal-token` header (the web app, kept out of URLs and logs) or `?token=`. */
function tokenOf(request: FastifyRequest & { query: { token?: string } }): string | undefined {
  const header = request.headers['x-portal-token'];
  return (typeof header === 'string' && header) || request.query.token || undefined;
}

/**
 * A portal write arrives as JSON or, with a photo, as multipart/form-data; both are validated by
 * the same schema here (a route body schema would refuse the multipart form before it is read).
 */
async function readForm<T extends z.ZodType>(request: FastifyRequest, config: Config, schema: T): Promise<{ body: z.infer<T>; files: UploadedFile[] }> {
  let raw: unknown = request.body;
  let files: UploadedFile[] = [];
  if (request.isMultipart()) {
    const upload = await readUpload(request, config);
    // An empty form field means "not given", as JSON would leave it out.
    raw = Object.fromEntries(Object.entries(upload.fields).filter(([, v]) => v !== ''));
    files = upload.files;
  }
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const details: ErrorDetail[] = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message, code: issue.code }));
    throw new AppError('validation_failed', `Invalid body: ${details.map((d) => `${d.path || '(root)'} ${d.message}`).join('; ')}`, details);
  }
  return { body: parsed.data, files };
}

export const portalRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['portal'];
  // Public: no sign-in, no CSRF (there is no session to ride on); a staff cookie in the same browser changes nothing.
  const reads = { public: true, rateLimit: { max: config.portalRateLimitPerMinute, timeWindow: '1 minute' } };
  const creates = { public: true, rateLimit: { max: config.portalCreateRateLimitPerMinute, timeWindow: '1 minute' } };

  app.get(
    '/portal/:orgSlug',
    { config: reads, schema: { tags, summary: 'The public form of an organisation (optionally preset to a site)', params: orgSlugParams, querystring: portalFormQuery, response: { 200: portalFormSchema } } },
    async (request) => getPortalForm(db, config, request.params.orgSlug, request.query.site),
  );

  app.post(
    '/portal/:orgSlug/cases',
    {
      config: creates,
      schema: {
        tags,
        summary: 'Submit a request on the public portal (JSON, or multipart/form-data with a photo)',
        description: 'Body: {type, siteId | siteCode, name, phone, title?, description, consent: true, website: "" (must stay empty)}; multipart adds files.',
        params: orgSlugParams,
        response: { 201: portalCaseCreated },
      },
    },
    async (request, reply) => {
      const { body, files } = await readForm(request, config, portalCaseBody);
      return reply.status(201).send(await createPortalCase(db, config, request.params.orgSlug, body, files, request.ip));
    },
  );

  app.get(
    '/portal/cases/:number',
    { config: reads, schema: { tags, summary: 'Follow a request with its tracking token', params: portalCaseParams, querystring: portalTokenQuery, response: { 200: portalCaseView } } },
    async (request) => getPortalCase(db, request.params.number, tokenOf(request)),
  );

  app.post(
    '/portal/cases/:number/replies',
    {
      config: reads,
      schema: {
        tags,
        summary: 'The customer replies (JSON {body}, or multipart/form-data with a photo)',
        params: portalCaseParams,
        querystring: portalTokenQuery,
        response: { 201: portalCaseView },
      },
    },
    async (request, reply) => {
      const { body, files } = await readForm(request, config, portalReplyBody);
      return reply.status(201).send(await replyOnPortal(db, config, request.params.number, tokenOf(request), body.body, files));
    },
  );

  app.get(
    '/portal/cases/:number/attachments/:attachmentId',
    { config: reads, schema: { tags, summary: 'Download a public attachment of a tracked request', params: portalAttachmentParams, querystring: portalTokenQuery } },
    async (request, reply) => sendAttachment(reply, await downloadPortalAttachment(db, config, request.params.number, tokenOf(request), request.params.attachmentId)),
  );
};
