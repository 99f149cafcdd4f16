#!/usr/bin/env node
// Pulls every signed document of one meeting (or of every published meeting) from I-Cabinet
// with an API token, for the document-management system. Node 18+ and nothing else.
//
//   ICABINET_URL=https://icabinet.ubnd.gov.vn ICABINET_TOKEN=icab_… \
//     node scripts/pull-signed-documents.mjs <meeting-id> [folder]
//
// Without a meeting id it walks the published meetings (the token then also needs
// meetings:read). The token needs documents:read; an administrator makes it under
// Quản trị → Cài đặt hệ thống → API token. Files are written as <folder>/<meeting-id>/<name>;
// a file already there with the same size is skipped, so the script can run every night.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const base = (process.env.ICABINET_URL ?? '').replace(/\/$/, '');
const token = process.env.ICABINET_TOKEN ?? '';
const [meetingArg, folder = 'signed-documents'] = process.argv.slice(2);
if (!base || !token) {
  console.error('Set ICABINET_URL (e.g. https://icabinet.ubnd.gov.vn) and ICABINET_TOKEN (icab_…).');
  process.exit(2);
}

async function api(pathname) {
  const res = await fetch(base + pathname, {
    headers: { authorization: `Bearer ${token}`, 'accept-language': 'vi' },
  });
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    throw new Error(`${res.status} ${pathname}: ${body?.error?.message ?? res.statusText}`);
  }
  return res;
}

async function meetingIds() {
  if (meetingArg) return [meetingArg];
  const ids = [];
  for (let offset = 0; ; offset += 200) {
    const page = await (await api(`/api/integration/meetings?limit=200&offset=${offset}`)).json();
    ids.push(...page.items.map((m) => m.id));
    if (offset + 200 >= page.total) return ids;
  }
}

/** A file name safe on Windows and Linux (the server's names are Vietnamese; keep the letters). */
const safe = (name) => name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 180) || 'van-ban.pdf';

let count = 0;
for (const id of await meetingIds()) {
  const { items } = await (await api(`/api/integration/meetings/${id}/signed-documents`)).json();
  if (items.length === 0) continue;
  const dir = path.join(folder, id);
  await mkdir(dir, { recursive: true });
  for (const doc of items) {
    const res = await api(doc.href);
    const bytes = Buffer.from(await res.arrayBuffer());
    const file = path.join(dir, safe(`${doc.kind}-${doc.fileName}`));
    const existing = await stat(file).catch(() => null);
    if (existing?.size === bytes.length) continue;
    await writeFile(file, bytes);
    count++;
    console.log(
      `${file}  (${bytes.length} bytes, ký ${doc.signedAt}${doc.signers.length ? `, ${doc.signers.join(', ')}` : ''})`,
    );
  }
}
console.log(`Xong: ${count} tệp mới.`);
