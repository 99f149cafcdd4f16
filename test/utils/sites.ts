import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SiteView } from '@icabinet/shared';
import type { ApiClient } from './http.js';
import { FIXTURES } from './server.js';

/** The shipped sample: Hà Nội, 3 districts, 12 communes (test/fixtures/sites-hanoi.csv). */
export const SITES_CSV = path.join(FIXTURES, 'sites-hanoi.csv');
/** Their 16 operators' accounts (users CSV import; password Mat-khau-diem-cau-1). */
export const OPERATORS_CSV = path.join(FIXTURES, 'site-operators.csv');
export const OPERATOR_PASSWORD = 'Mat-khau-diem-cau-1';

/** Imports the operators and the sample sites as an administrator; returns the sites by code. */
export async function importSampleSites(admin: ApiClient): Promise<Map<string, SiteView>> {
  const csv = { 'content-type': 'text/csv' };
  const users = await admin.post('/api/users/import', await readFile(OPERATORS_CSV, 'utf8'), csv);
  if (users.status !== 200) throw new Error(`operators: ${users.status} ${JSON.stringify(users.body)}`);
  const sites = await admin.post('/api/sites/import', await readFile(SITES_CSV, 'utf8'), csv);
  if (sites.status !== 200) throw new Error(`sites: ${sites.status} ${JSON.stringify(sites.body)}`);
  const list = await admin.get<{ items: SiteView[] }>('/api/sites');
  return new Map(list.body.items.map((s) => [s.code, s]));
}
