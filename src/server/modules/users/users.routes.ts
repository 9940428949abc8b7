import { idParams, pageOf } from '../../../shared/schemas/common.js';
import { userCreateBody, userListQuery, userSchema, userUpdateBody } from '../../../shared/schemas/org.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { createUser, getUser, listUsers, updateUser } from './users.service.js';

export const usersRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['users'];
  app.get('/users', { schema: { tags, summary: 'List users', querystring: userListQuery, response: { 200: pageOf(userSchema) } } }, async (request) =>
    listUsers(contextFor(request, db, config), request.query),
  );
  app.post('/users', { schema: { tags, summary: 'Create a user', body: userCreateBody, response: { 201: userSchema } } }, async (request, reply) =>
    reply.status(201).send(await createUser(contextFor(request, db, config), request.body)),
  );
  app.get('/users/:id', { schema: { tags, summary: 'Get a user', params: idParams, response: { 200: userSchema } } }, async (request) =>
    getUser(contextFor(request, db, config), request.params.id),
  );
  app.patch('/users/:id', { schema: { tags, summary: 'Update a user', params: idParams, body: userUpdateBody, response: { 200: userSchema } } }, async (request) =>
    updateUser(contextFor(request, db, config), request.params.id, request.body),
  );
};
