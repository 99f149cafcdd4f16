import { endpoint } from '../rest.js';

/** The description of this API, for the city's other systems and their integrators. */
export const apiDocsContract = {
  openapi: endpoint<Record<string, unknown>>()({
    method: 'GET',
    path: '/openapi.json',
    summary: 'The OpenAPI 3.1 description of this REST API, generated from the shared contract.',
    auth: false,
  }),
  docs: endpoint<void>()({
    method: 'GET',
    path: '/docs',
    summary: 'The same description as a readable page (HTML).',
    auth: false,
    response: 'text',
  }),
} as const;
