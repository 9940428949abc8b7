import { organizationSchema, organizationUpdateBody } from '../../../shared/schemas/org.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { getOrganization, updateOrganization } from './organizations.service.js';

export const organizationsRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['organization'];
  app.get('/organization', { schema: { tags, summary: 'My organisation', response: { 200: organizationSchema } } }, async (request) =>
    getOrganization(contextFor(request, db, config)),
  );
  app.patch(
    '/organization',
    { schema: { tags, summary: 'Rename the organisation, change its slug or time zone', body: organizationUpdateBody, response: { 200: organizationSchema } } },
    async (request) => updateOrganization(contextFor(request, db, config), request.body),
  );
};
