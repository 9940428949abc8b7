import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorBody, type ErrorCode, type ErrorDetail } from '../../shared/errors.js';

/**
 * The one error handler. Bad input is always a 4xx with a code a person's UI can translate and,
 * for validation, the path of every offending field; anything unexpected is logged and answered
 * with a bare 500 that reveals nothing.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (status: number, code: ErrorCode, message: string, details?: ErrorBody['error']['details']) =>
      reply.status(status).send({ error: details === undefined ? { code, message } : { code, message, details } } satisfies ErrorBody);

    if (error instanceof AppError) return send(error.status, error.code, error.message, error.details);

    if (hasZodFastifySchemaValidationErrors(error)) {
      const details: ErrorDetail[] = error.validation.map((v) => {
        const issue = (v.params as { issue?: { code?: string } } | undefined)?.issue;
        return {
          path: v.instancePath.replace(/^\//, '').replace(/\//g, '.'),
          message: v.message ?? 'invalid',
          code: issue?.code ?? v.keyword,
        };
      });
      const where = error.validationContext ?? 'request';
      return send(400, 'validation_failed', `Invalid ${where}: ${details.map((d) => `${d.path || '(root)'} ${d.message}`).join('; ')}`, details);
    }

    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response failed its schema');
      return send(500, 'internal', 'Internal server error');
    }

    const status = error.statusCode ?? 500;
    if (status === 429) return send(429, 'rate_limited', 'Too many requests; please wait a moment');
    if (status === 413) return send(413, 'payload_too_large', 'The request is too large');
    if (status === 415) return send(415, 'unsupported_media_type', 'Unsupported content type');
    if (status === 404) return send(404, 'not_found', 'Not found');
    if (status >= 400 && status < 500) return send(status, 'bad_request', error.message || 'Bad request');

    request.log.error({ err: error }, 'unhandled error');
    return send(500, 'internal', 'Internal server error');
  });
}
