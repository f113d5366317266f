import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The web application, built into dist/web and served by the service itself (src/core/web).
 * Vite 8 compiles TSX with Oxc, so no React plugin is needed for a production build.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  // Pure modules of the service (formatting, identifiers, provinces) are shared, never copied.
  // Only pure modules (no Nest, no TypeORM, no Node built-ins) are imported through these.
  resolve: { alias: { '@shared': here('../src/core'), '@server': here('../src') } },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    // dist/web/.vite/manifest.json (not served): the bench's `web` section reads the initial chunks from it.
    manifest: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npm run web:dev` next to a running service: the API and the session cookie stay same-origin.
    proxy: Object.fromEntries(
      ['/auth', '/users', '/calls', '/applications', '/assignments', '/me', '/grants', '/progress-reports', '/cost-statements', '/documents', '/supporting-documents', '/payments', '/exports', '/health', '/docs'].map((p) => [
        p,
        { target: process.env.EFRO_API ?? 'http://localhost:3000', bypass: (req) => (req.headers.accept?.includes('text/html') ? req.url : undefined) },
      ]),
    ),
  },
});
