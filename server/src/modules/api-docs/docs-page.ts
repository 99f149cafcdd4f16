import { html, raw, type SafeHtml } from '../../lib/html.js';
import type { OpenApiDocument, OpenApiOperation } from './openapi.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** A parameter's schema in a few words: type and format, choices, bounds (the full schema is in the JSON). */
export function brief(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return `một trong · one of: ${schema.enum.map(String).join(', ')}`;
  if (typeof schema.type !== 'string') return JSON.stringify(schema);
  const parts = [schema.type + (typeof schema.format === 'string' ? ` (${schema.format})` : '')];
  if (typeof schema.minimum === 'number') parts.push(`≥ ${schema.minimum}`);
  if (typeof schema.maximum === 'number') parts.push(`≤ ${schema.maximum}`);
  if (typeof schema.maxLength === 'number') parts.push(`≤ ${schema.maxLength} characters`);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join(', ');
}

/** A schema as indented JSON, for a reader (the machine-readable form is /api/openapi.json). */
const pretty = (schema: unknown): string => JSON.stringify(schema, null, 2);

function operationHtml(method: string, path: string, op: OpenApiOperation): SafeHtml {
  const body = op.requestBody && Object.entries(op.requestBody.content)[0];
  return html`<article class="op" id="${op.operationId}">
    <h3><span class="m m-${method}">${method.toUpperCase()}</span> <code>/api${path}</code></h3>
    <p>${op.summary}</p>
    ${op.security?.length === 0 ? html`<p class="pub">Công khai · public (no sign-in)</p>` : ''}
    ${
      op.security
        ?.flatMap((s) => s['apiToken'] ?? [])
        .map(
          (scope) => html`<p class="pub">API token · <code>Authorization: Bearer …</code> (${scope})</p>`,
        ) ?? ''
    }
    ${
      op.parameters?.length
        ? html`<table>
            <thead>
              <tr>
                <th>Tham số · parameter</th>
                <th>in</th>
                <th>schema</th>
              </tr>
            </thead>
            <tbody>
              ${op.parameters.map(
                (p) =>
                  html`<tr>
                    <td><code>${p.name}</code>${p.required ? html` <b title="required">*</b>` : ''}</td>
                    <td>${p.in}</td>
                    <td><code>${brief(p.schema)}</code></td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : ''
    }
    ${
      body
        ? html`<details>
            <summary>Nội dung gửi · request body (${body[0]})</summary>
            <pre>${pretty(body[1].schema)}</pre>
          </details>`
        : ''
    }
    <p class="resp">
      ${Object.entries(op.responses).map(
        ([status, r]) =>
          html`<span class="s s-${status.slice(0, 1)}" title="${r.description}">${status}</span> `,
      )}
    </p>
  </article>`;
}

/**
 * The readable page of the API description at /api/docs: every operation grouped by area, with its
 * parameters, request body schema and answers; no script, so it reads the same in any browser.
 */
export function docsPage(doc: OpenApiDocument): string {
  const byTag = new Map<string, { method: string; path: string; op: OpenApiOperation }[]>();
  for (const [path, ops] of Object.entries(doc.paths))
    for (const method of METHODS) {
      const op = ops[method];
      if (!op) continue;
      const tag = op.tags[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, op }]);
    }
  const count = [...byTag.values()].reduce((n, list) => n + list.length, 0);
  return html`<!doctype html>
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Tài liệu API — I-Cabinet ${doc.info.version}</title>
        <style>
          ${STYLES}
        </style>
      </head>
      <body>
        <header>
          <h1>Tài liệu API · ${doc.info.title} <small>${doc.info.version}</small></h1>
          <p>${doc.info.description}</p>
          <p>${count} thao tác · operations — OpenAPI 3.1: <a href="openapi.json">/api/openapi.json</a></p>
          <nav aria-label="Nhóm chức năng">
            ${[...byTag.keys()].map((tag) => html`<a href="#tag-${tag}">${tag}</a> `)}
          </nav>
        </header>
        <main>
          ${[...byTag].map(
            ([tag, list]) =>
              html`<section id="tag-${tag}">
                <h2>${tag}</h2>
                ${list.map((o) => operationHtml(o.method, o.path, o.op))}
              </section>`,
          )}
        </main>
      </body>
    </html>`.toString();
}

const STYLES = raw(`
  body { font: 16px/1.5 system-ui, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1b2733; background: #f5f7fa; }
  header, main { max-width: 1100px; margin: 0 auto; padding: 16px 24px; }
  header { background: #0b3a75; color: #fff; max-width: none; }
  header a { color: #ffe08a; }
  header nav a { display: inline-block; margin: 4px 8px 4px 0; padding: 6px 12px; min-height: 32px;
    border-radius: 16px; background: rgba(255,255,255,.12); text-decoration: none; }
  h1 small { font-size: 60%; opacity: .8; }
  h2 { border-bottom: 2px solid #0b3a75; padding-bottom: 4px; margin-top: 32px; }
  .op { background: #fff; border: 1px solid #d6dde6; border-radius: 8px; padding: 12px 16px; margin: 12px 0; }
  .op h3 { margin: 0 0 4px; font-size: 17px; overflow-wrap: anywhere; }
  .m { display: inline-block; min-width: 64px; text-align: center; border-radius: 4px; color: #fff; font-size: 13px; padding: 2px 6px; }
  .m-get { background: #1f7a3a; } .m-post { background: #0b5cad; } .m-put, .m-patch { background: #9a5b00; } .m-delete { background: #b3261e; }
  .pub { color: #9a5b00; margin: 0; }
  table { border-collapse: collapse; width: 100%; font-size: 14px; }
  th, td { text-align: left; border-top: 1px solid #e3e8ee; padding: 4px 8px; vertical-align: top; }
  td code { overflow-wrap: anywhere; }
  pre { background: #f0f3f7; padding: 8px; overflow: auto; font-size: 13px; max-height: 420px; }
  .s { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 13px; background: #e3e8ee; }
  .s-2 { background: #d6f0dd; } .s-4 { background: #fde2dd; } .s-5 { background: #f4d6f0; }
`);
