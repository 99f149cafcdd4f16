import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../utils/server.js';
import { expressRoutes } from '../utils/surface.js';

interface Doc {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        security?: unknown[];
        requestBody?: unknown;
        parameters?: { name: string; in: string; required: boolean }[];
        responses: Record<string, unknown>;
      }
    >
  >;
}

/** The API description the city's other systems read: generated, valid, and complete. */
describe('the OpenAPI description', () => {
  let server: TestServer;
  let doc: Doc;

  beforeAll(async () => {
    server = await startServer();
    const res = await fetch(`${server.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    doc = (await res.json()) as Doc;
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('is a valid OpenAPI 3.1 document (checked by an independent validator)', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const validator = new Validator();
    const res = await validator.validate(doc as unknown as Parameters<Validator['validate']>[0]);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
  });

  it('names every /api route the server registers, and nothing it does not', () => {
    // Express `GET /api/meetings/:id` ↔ OpenAPI `get /meetings/{id}`.
    const served = expressRoutes(server.running)
      .filter((r) => r.includes(' /api/'))
      .map((r) => {
        const [method, path] = r.split(' ') as [string, string];
        return `${method} ${path.slice('/api'.length).replace(/:([A-Za-z]+)/g, '{$1}')}`;
      })
      .sort();
    const described = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(described).toEqual(served);
  });

  it('describes parameters, bodies, the public routes and the errors of an operation', () => {
    const create = doc.paths['/meetings/{id}/opinions']!.post!;
    expect(create.operationId).toBe('opinions.create');
    expect(create.parameters).toContainEqual(
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    );
    const body = create.requestBody as {
      required: boolean;
      content: Record<string, { schema: { type: string; required: string[] } }>;
    };
    expect(body.required).toBe(true);
    expect(body.content['application/json']?.schema.type).toBe('object');
    expect(body.content['application/json']?.schema.required).toEqual(
      expect.arrayContaining(['title', 'deadline', 'documentId']),
    );
    expect(Object.keys(create.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '404', '409', '429']),
    );
    const remove = doc.paths['/opinions/{id}']!.delete!;
    expect(remove.parameters).toContainEqual(
      expect.objectContaining({ name: 'version', in: 'query', required: true }),
    );
    expect(Object.keys(remove.responses)).toContain('204');
    expect(doc.paths['/health']!.get!.security).toEqual([]);
    expect(doc.paths['/meetings']!.get!.security).toBeUndefined();
    // The operations other systems call with an API token say so, with the scope they need.
    expect(doc.paths['/integration/meetings/{id}/signed-documents']!.get!.security).toEqual([
      { session: [] },
      { apiToken: ['documents:read'] },
    ]);
  });

  it('has a readable page listing every operation, without a session', async () => {
    const res = await fetch(`${server.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toContain('Tài liệu API');
    for (const [path, ops] of Object.entries(doc.paths))
      for (const op of Object.values(ops)) {
        expect(page).toContain(`id="${op.operationId}"`);
        expect(page).toContain(`/api${path}`);
      }
  });
});
