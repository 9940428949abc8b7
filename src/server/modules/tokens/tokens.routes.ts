import { z } from 'zod';
import { idParams } from '../../../shared/schemas/common.js';
import { tokenCreateBody, tokenSchema } from '../../../shared/schemas/auth.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { createToken, listTokens, revokeToken } from './tokens.service.js';

export const tokensRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['tokens'];
  app.get('/tokens', { schema: { tags, summary: 'List API tokens', response: { 200: z.object({ items: z.array(tokenSchema) }) } } }, async (request) =>
    listTokens(contextFor(request, db, config)),
  );
  app.post(
    '/tokens',
    { schema: { tags, summary: 'Issue an API token (the secret is shown once)', body: tokenCreateBody, response: { 201: tokenSchema.extend({ token: z.string() }) } } },
    async (request, reply) => reply.status(201).send(await createToken(contextFor(request, db, config), request.body)),
  );
  app.delete('/tokens/:id', { schema: { tags, summary: 'Revoke an API token', params: idParams } }, async (request, reply) => {
    await revokeToken(contextFor(request, db, config), request.params.id);
    return reply.status(204).send();
  });
};
