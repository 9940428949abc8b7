import { z } from 'zod';
import { idParams, pageOf } from '../../../shared/schemas/common.js';
import { siteCreateBody, siteListQuery, siteSchema, siteUpdateBody } from '../../../shared/schemas/org.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { createSite, getSite, listSites, listSiteTree, updateSite } from './sites.service.js';

export const sitesRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['sites'];
  app.get('/sites', { schema: { tags, summary: 'List sites', querystring: siteListQuery, response: { 200: pageOf(siteSchema) } } }, async (request) =>
    listSites(contextFor(request, db, config), request.query),
  );
  app.get('/sites/tree', { schema: { tags, summary: 'All visible sites, for trees and pickers', response: { 200: z.object({ items: z.array(siteSchema) }) } } }, async (request) =>
    listSiteTree(contextFor(request, db, config)),
  );
  app.post('/sites', { schema: { tags, summary: 'Create a site', body: siteCreateBody, response: { 201: siteSchema } } }, async (request, reply) =>
    reply.status(201).send(await createSite(contextFor(request, db, config), request.body)),
  );
  app.get('/sites/:id', { schema: { tags, summary: 'Get a site', params: idParams, response: { 200: siteSchema } } }, async (request) =>
    getSite(contextFor(request, db, config), request.params.id),
  );
  app.patch('/sites/:id', { schema: { tags, summary: 'Update a site', params: idParams, body: siteUpdateBody, response: { 200: siteSchema } } }, async (request) =>
    updateSite(contextFor(request, db, config), request.params.id, request.body),
  );
};
