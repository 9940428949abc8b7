import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ErrorBody } from '../../shared/errors.js';

/**
 * Serves the built browser app. Any GET that is not an API call and not a file gets index.html,
 * so that deep links (/admin/users) work after a reload.
 */
export async function registerWeb(app: FastifyInstance, webDir: string | undefined): Promise<void> {
  const indexFile = webDir ? path.join(webDir, 'index.html') : undefined;
  const hasWeb = indexFile !== undefined && fs.existsSync(indexFile);
  if (hasWeb) {
    // wildcard: files are looked up per request, so a rebuild is served without a restart.
    await app.register(fastifyStatic, { root: path.resolve(webDir!), wildcard: true, index: false, maxAge: '1h', immutable: false });
    app.get('/', { schema: { hide: true } }, (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0];
    if (hasWeb && request.method === 'GET' && !url.startsWith('/api/')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${url}` } } satisfies ErrorBody);
  });
}
