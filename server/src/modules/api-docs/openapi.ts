import { z } from 'zod';
import type { EndpointDef, ErrorCode } from '@icabinet/shared';
import { STATUS } from '../../errors.js';

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) as zod writes it. */
type JsonSchema = Record<string, unknown>;

/** The parts of an OpenAPI 3.1 document this description uses. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  security: Record<string, string[]>[];
  tags: { name: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters?: {
    name: string;
    in: 'path' | 'query';
    required: boolean;
    schema: JsonSchema;
    description?: string;
  }[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
  security?: Record<string, string[]>[];
}

/** What a JSON Schema of an object lists: its properties and which are required. */
function objectParts(schema: JsonSchema): { properties: Record<string, JsonSchema>; required: Set<string> } {
  return {
    properties: (schema.properties as Record<string, JsonSchema> | undefined) ?? {},
    required: new Set((schema.required as string[] | undefined) ?? []),
  };
}

/**
 * A zod schema as JSON Schema for a client to send: the input side (defaults optional, coercions
 * as their input), and whatever JSON Schema cannot say (a refinement, a transform) left open
 * rather than failing the whole description.
 */
function inputSchema(schema: z.ZodType): JsonSchema {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema;
  return out;
}

/** `/meetings/:id/agenda/items/:itemId` → `/meetings/{id}/agenda/items/{itemId}`. */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z]+)/g, '{$1}');

const ERROR_REF = { $ref: '#/components/schemas/Error' };

const CONTENT_OF: Record<NonNullable<EndpointDef['response']>, string> = {
  file: 'application/octet-stream',
  csv: 'text/csv',
  text: 'text/plain',
};

function operation(area: string, name: string, e: EndpointDef & { errors?: readonly ErrorCode[] }) {
  const op: OpenApiOperation = {
    operationId: `${area}.${name}`,
    summary: e.summary,
    tags: [area],
    responses: {},
  };
  const parameters: NonNullable<OpenApiOperation['parameters']> = [];
  for (const [where, schema] of [
    ['path', e.params],
    ['query', e.query],
  ] as const) {
    if (!schema) continue;
    const { properties, required } = objectParts(inputSchema(schema));
    for (const [pname, pschema] of Object.entries(properties)) {
      const { description, ...rest } = pschema;
      parameters.push({
        name: pname,
        in: where,
        required: where === 'path' || required.has(pname),
        schema: rest,
        ...(typeof description === 'string' ? { description } : {}),
      });
    }
  }
  if (parameters.length > 0) op.parameters = parameters;
  if (e.request === 'multipart')
    op.requestBody = {
      required: true,
      content: { 'multipart/form-data': { schema: { type: 'object' } } },
    };
  else if (e.request === 'csv')
    op.requestBody = { required: true, content: { 'text/csv': { schema: { type: 'string' } } } };
  else if (e.body)
    op.requestBody = { required: true, content: { 'application/json': { schema: inputSchema(e.body) } } };

  const status = String(e.status ?? 200);
  op.responses[status] =
    status === '204'
      ? { description: 'Done; no body.' }
      : e.response
        ? { description: 'The file.', content: { [CONTENT_OF[e.response]]: { schema: { type: 'string' } } } }
        : { description: 'Success.', content: { 'application/json': { schema: { type: 'object' } } } };
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of e.errors ?? [])
    byStatus.set(STATUS[code], [...(byStatus.get(STATUS[code]) ?? []), code]);
  for (const [errStatus, codes] of [...byStatus].sort((a, b) => a[0] - b[0]))
    op.responses[String(errStatus)] = {
      description: `Error: ${codes.join(', ')}. The message is in the caller's language (Accept-Language).`,
      content: { 'application/json': { schema: ERROR_REF } },
    };
  if (e.auth === false) op.security = [];
  else if (e.apiToken) op.security = [{ session: [] }, { apiToken: [e.apiToken] }];
  return op;
}

/**
 * The OpenAPI 3.1 description of the REST API, generated from the shared contract table (every
 * route the server registers through `route()` is in it): paths, parameters and request bodies
 * from the zod schemas, the success status, and each error code with the status it answers.
 */
export function buildOpenApi(
  contract: Readonly<Record<string, Readonly<Record<string, EndpointDef>>>>,
  opts: { version: string },
): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const [area, endpoints] of Object.entries(contract))
    for (const [name, e] of Object.entries(endpoints)) {
      const p = openApiPath(e.path);
      paths[p] ??= {};
      paths[p][e.method.toLowerCase()] = operation(area, name, e);
    }
  return {
    openapi: '3.1.0',
    info: {
      title: 'I-Cabinet API',
      version: opts.version,
      description:
        'Phòng họp không giấy — the REST API of I-Cabinet: meetings, participants, agenda, documents, ' +
        'invitations, votes, written opinions, briefings across sites. Every path is under /api. ' +
        'Sign in with POST /api/auth/login (a session cookie); state-changing calls must come from ' +
        'an allowed Origin. Errors answer { error: { code, message, issues? } }, the message in the ' +
        'language of Accept-Language (vi by default, en). Other systems call the operations marked ' +
        'apiToken with `Authorization: Bearer <token>` (no cookie, no Origin): e.g. the document-management ' +
        'system lists the signed documents of a meeting with GET /api/integration/meetings/{id}/signed-documents ' +
        'and downloads each from its `href` (see scripts/pull-signed-documents.mjs). Outgoing webhooks POST ' +
        'JSON events signed with x-icabinet-signature = sha256=HMAC-SHA256(secret, "<x-icabinet-timestamp>.<body>").',
    },
    // Relative: the description is right behind any host name or proxy that serves it.
    servers: [{ url: '/api' }],
    security: [{ session: [] }],
    tags: Object.keys(contract).map((name) => ({ name })),
    paths,
    components: {
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: Object.keys(STATUS) },
                message: { type: 'string' },
                issues: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['path', 'message'],
                    properties: {
                      path: { type: 'string' },
                      message: { type: 'string' },
                      line: { type: 'integer' },
                    },
                  },
                },
              },
            },
          },
        },
      },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'icabinet_sid' },
        apiToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API token made by an administrator (Quản trị → Cài đặt hệ thống → API tokens), scoped to ' +
            'areas: meetings:read, documents:read, webhooks:read, webhooks:write. Send it as ' +
            '`Authorization: Bearer icab_…`; a revoked token is refused at once.',
        },
      },
    },
  };
}
