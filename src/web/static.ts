import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where `vite build` writes the web app (see vite.config.ts). */
export const WEB_DIST = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/** The app's screens: each answers index.html and the client-side router takes over. */
export const SPA_PATHS = [
  '/',
  '/login',
  '/inbox',
  '/signals',
  '/cases/:id',
  '/entry',
  '/monitoring',
  '/dashboard',
  '/settings',
  '/settings/:section',
] as const;

/** Scripts and styles only from our origin; inline styles for the chart and map libraries. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html><html><head><meta charset="utf-8"><title>Tyndau</title></head><body>
<h1>Tyndau</h1><p>The web app is not built yet. <code>npm start</code> builds it before listening;
or run <code>npx vite build</code>. The API is up: <a href="/docs/">/docs</a>.</p></body></html>`;

async function sendIndex(dist: string, reply: FastifyReply) {
  reply
    .header('cache-control', 'no-cache')
    .header('content-security-policy', CSP)
    .type('text/html; charset=utf-8');
  try {
    return reply.send(await readFile(join(dist, 'index.html')));
  } catch {
    return reply.status(503).send(NOT_BUILT);
  }
}

/**
 * Serves the built web app: its files (hashed assets cached for a year) and index.html at every screen's
 * path, so a link to /cases/12 opens the app there. Other unknown paths keep the API's coded 404.
 * The files are listed when the server starts: build first (the start and serve commands do).
 */
export async function webAppRoutes(app: FastifyInstance, dist = WEB_DIST): Promise<void> {
  await app.register(async (scope) => {
    // @fastify/static takes no route config: its file routes are made public here.
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    if (existsSync(join(dist, 'index.html'))) {
      await scope.register(fastifyStatic, {
        root: dist,
        prefix: '/',
        wildcard: false,
        index: false,
        decorateReply: false,
        setHeaders: (reply, path) => {
          const assets = path.includes('/assets/');
          reply.header('cache-control', assets ? 'public, max-age=31536000, immutable' : 'no-cache');
          if (path.endsWith('.html')) reply.header('content-security-policy', CSP);
        },
      });
    }
    for (const path of SPA_PATHS) {
      scope.get(path, { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
        sendIndex(dist, reply),
      );
    }
  });
}
