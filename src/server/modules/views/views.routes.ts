import { idParams } from '../../../shared/schemas/common.js';
import { savedViewCreateBody, savedViewListSchema, savedViewSchema, savedViewUpdateBody } from '../../../shared/schemas/views.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { createView, deleteView, listViews, updateView } from './views.service.js';

export const viewsRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['saved views'];
  app.get('/saved-views', { schema: { tags, summary: 'My saved case-list views', response: { 200: savedViewListSchema } } }, async (request) =>
    listViews(contextFor(request, db, config)),
  );
  app.post('/saved-views', { schema: { tags, summary: 'Save the case list’s filters and sort as a view', body: savedViewCreateBody, response: { 201: savedViewSchema } } }, async (request, reply) =>
    reply.status(201).send(await createView(contextFor(request, db, config), request.body)),
  );
  app.patch(
    '/saved-views/:id',
    { schema: { tags, summary: 'Rename, re-filter or move one of my views', params: idParams, body: savedViewUpdateBody, response: { 200: savedViewSchema } } },
    async (request) => updateView(contextFor(request, db, config), request.params.id, request.body),
  );
  app.delete('/saved-views/:id', { schema: { tags, summary: 'Delete one of my views', params: idParams } }, async (request, reply) => {
    await deleteView(contextFor(request, db, config), request.params.id);
    return reply.status(204).send();
  });
};
