import { z } from 'zod';
import { LOCALES } from '../../../shared/roles.js';
import { idParams, pageOf } from '../../../shared/schemas/common.js';
import { customerCreateBody, customerListQuery, customerSchema, customerUpdateBody } from '../../../shared/schemas/org.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { createCustomer, deleteCustomer, exportCustomers, getCustomer, listCustomers, updateCustomer } from './customers.service.js';

const exportQuery = customerListQuery.omit({ page: true, pageSize: true }).extend({
  locale: z.enum(LOCALES).default('zh-CN'),
});

export const customersRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['customers'];
  app.get('/customers', { schema: { tags, summary: 'List customers', querystring: customerListQuery, response: { 200: pageOf(customerSchema) } } }, async (request) =>
    listCustomers(contextFor(request, db, config), request.query),
  );
  app.get(
    '/customers/export.xlsx',
    { schema: { tags, summary: 'Export customers matching the filter to Excel', querystring: exportQuery } },
    async (request, reply) => {
      const ctx = contextFor(request, db, config);
      const org = await db.kysely.selectFrom('organizations').select('timezone').where('id', '=', ctx.actor.orgId).executeTakeFirstOrThrow();
      const { locale, ...filter } = request.query;
      const file = await exportCustomers(ctx, { ...filter, page: 1, pageSize: 1 }, locale, org.timezone);
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="customers-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`客户-${stamp}.xlsx`)}`)
        .send(file);
    },
  );
  app.post('/customers', { schema: { tags, summary: 'Create a customer', body: customerCreateBody, response: { 201: customerSchema } } }, async (request, reply) =>
    reply.status(201).send(await createCustomer(contextFor(request, db, config), request.body)),
  );
  app.get('/customers/:id', { schema: { tags, summary: 'Get a customer', params: idParams, response: { 200: customerSchema } } }, async (request) =>
    getCustomer(contextFor(request, db, config), request.params.id),
  );
  app.patch('/customers/:id', { schema: { tags, summary: 'Update a customer', params: idParams, body: customerUpdateBody, response: { 200: customerSchema } } }, async (request) =>
    updateCustomer(contextFor(request, db, config), request.params.id, request.body),
  );
  app.delete('/customers/:id', { schema: { tags, summary: 'Delete a customer', params: idParams } }, async (request, reply) => {
    await deleteCustomer(contextFor(request, db, config), request.params.id);
    return reply.status(204).send();
  });
};
