import type { Response } from 'express';
import { t, type Lang } from '../../i18n/messages.js';
import { html, raw, type SafeHtml } from '../../lib/html.js';

/**
 * Answers with a page behind a personal link (invitation reply, written opinion): never cached,
 * never indexed, no script, and the link never leaked to another site through the Referer — yet
 * the browser sends our own Origin with the form post (no-referrer makes Chromium send
 * `Origin: null`).
 */
export function sendLinkPage(res: Response, status: number, page: string, lang: Lang): void {
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'same-origin',
      'X-Robots-Tag': 'noindex',
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      'Content-Language': lang,
      Vary: 'Accept-Language',
    })
    .send(page);
}

/**
 * The page around a reply view or an error: header, footer, and a style sheet for small phones.
 * Other pages behind personal links (written opinions) give their own title and footer.
 */
export function layout(body: SafeHtml, lang: Lang, texts?: { title: string; footer: string }): string {
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${texts?.title ?? t(lang, 'reply_page_title')}</title>
        <style>
          ${STYLES}
        </style>
      </head>
      <body>
        <header>
          <span>${t(lang, 'reply_header')}</span>
          <nav class="langs" aria-label="${t(lang, 'reply_language')}">
            ${(['vi', 'en'] as const).map((l) =>
              l === lang
                ? html`<span aria-current="true" lang="${l}">${LANG_NAMES[l]}</span>`
                : html`<a href="?lang=${l}" hreflang="${l}" lang="${l}">${LANG_NAMES[l]}</a>`,
            )}
          </nav>
        </header>
        <main>${body}</main>
        <footer>${texts?.footer ?? t(lang, 'reply_footer')}</footer>
      </body>
    </html>`.toString();
}

/** Each language named in itself, so a reader finds their own. */
const LANG_NAMES: Record<Lang, string> = { vi: 'Tiếng Việt', en: 'English' };

/** Large type and touch targets (>= 48px): the page is mostly opened on a phone from an e-mail or SMS. */
const STYLES = raw(`
* {
  box-sizing: border-box;
}
body {
  margin: 0;
  background: #f4f4f5;
  color: #1f2937;
  font:
    17px/1.5 system-ui,
    -apple-system,
    'Segoe UI',
    Roboto,
    Arial,
    sans-serif;
}
header {
  background: #b91c1c;
  color: #fff;
  padding: 6px 8px 6px 20px;
  font-weight: 700;
  letter-spacing: 0.02em;
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: 4px 12px;
}
.langs {
  display: flex;
  gap: 4px;
  font-weight: 600;
  letter-spacing: 0;
}
.langs a,
.langs span {
  display: inline-flex;
  align-items: center;
  min-height: 44px;
  padding: 0 12px;
  border-radius: 8px;
  color: #fff;
}
.langs span {
  background: rgba(255, 255, 255, 0.2);
}
main {
  max-width: 720px;
  margin: 0 auto;
  padding: 16px;
}
.card {
  background: #fff;
  border-radius: 14px;
  padding: 24px;
  box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08);
}
.eyebrow {
  margin: 0;
  color: #b91c1c;
  font-weight: 700;
  text-transform: uppercase;
  font-size: 14px;
}
h1 {
  margin: 4px 0 12px;
  font-size: 24px;
  line-height: 1.3;
}
h2 {
  font-size: 19px;
  margin: 24px 0 8px;
}
.facts {
  margin: 12px 0;
}
.fact {
  display: flex;
  gap: 12px;
  padding: 6px 0;
  border-bottom: 1px solid #eee;
}
.fact dt {
  min-width: 90px;
  color: #555;
}
.fact dd {
  margin: 0;
  font-weight: 600;
}
.status {
  background: #f8fafc;
  border-left: 4px solid #64748b;
  padding: 10px 14px;
  border-radius: 6px;
}
.notice {
  padding: 12px 14px;
  border-radius: 8px;
  background: #fef9c3;
}
.notice.ok {
  background: #dcfce7;
  font-weight: 600;
}
.notice.err {
  background: #fee2e2;
}
.notice ul {
  margin: 4px 0 0;
  padding-left: 20px;
}
.choice {
  margin: 12px 0;
}
details.choice {
  border: 1px solid #d4d4d8;
  border-radius: 10px;
  padding: 0 16px;
}
summary {
  min-height: 52px;
  display: flex;
  align-items: center;
  font-weight: 600;
  cursor: pointer;
}
label {
  display: block;
  margin: 12px 0 4px;
  font-weight: 600;
}
input,
textarea {
  width: 100%;
  font: inherit;
  padding: 12px;
  border: 1px solid #a1a1aa;
  border-radius: 8px;
  min-height: 48px;
}
button {
  font: inherit;
  font-weight: 700;
  min-height: 52px;
  padding: 12px 22px;
  border-radius: 10px;
  border: 0;
  background: #475569;
  color: #fff;
  margin: 14px 0;
  cursor: pointer;
  width: 100%;
}
button.primary {
  background: #b91c1c;
  font-size: 19px;
}
button:focus-visible,
summary:focus-visible,
input:focus-visible,
textarea:focus-visible {
  outline: 3px solid #2563eb;
  outline-offset: 2px;
}
.agenda {
  padding-left: 22px;
}
footer {
  text-align: center;
  color: #71717a;
  font-size: 14px;
  padding: 16px;
}
`);
