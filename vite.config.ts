import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The browser app lives in src/web and is served by the Fastify server from dist/web.
export default defineConfig({
  root: 'src/web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    port: 5173,
    // Only the server's API paths: src/web/api/*.ts are the dev server's own modules.
    proxy: { '^/api/(v1|docs|health|openapi)': 'http://localhost:3000', '^/p/': 'http://localhost:3000' },
  },
});
