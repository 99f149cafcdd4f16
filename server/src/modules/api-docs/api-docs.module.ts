import { Router } from 'express';
import { apiDocsContract as api, restContract } from '@icabinet/shared';
import { route } from '../../http/route.js';
import { VERSION } from '../../version.js';
import type { ServerModule } from '../module.js';
import { docsPage } from './docs-page.js';
import { buildOpenApi, type OpenApiDocument } from './openapi.js';

/**
 * GET /api/openapi.json and GET /api/docs: the API description generated from the shared contract
 * table, built once on first use (the table does not change while the server runs). Public: the
 * description holds no data, and the project is open source.
 */
export function apiDocsRouter(): Router {
  const router = Router();
  let doc: OpenApiDocument | null = null;
  let page: string | null = null;
  const description = () => (doc ??= buildOpenApi(restContract, { version: VERSION }));
  route(router, api.openapi, [], () => Promise.resolve(description() as unknown as Record<string, unknown>));
  route(router, api.docs, [], ({ res }) => {
    page ??= docsPage(description());
    res
      .type('html')
      .set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(page);
    return Promise.resolve();
  });
  return router;
}

export const apiDocsModule: ServerModule = {
  name: 'api-docs',
  router: () => apiDocsRouter(),
};
