import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, SiteImportResult, SiteView } from '@icabinet/shared';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { startServer, type TestServer } from '../utils/server.js';
import { importSampleSites, SITES_CSV } from '../utils/sites.js';

let server: TestServer;
let admin: ApiClient;
let cast: Record<'secretary' | 'member', TestUser>;

const csv = { 'content-type': 'text/csv' };
const HEADER =
  'Mã điểm cầu,Tên điểm cầu,Cấp,Mã cấp trên,Tài khoản điều hành,Số đại biểu dự kiến,Link hội nghị';
const importCsv = (client: ApiClient, lines: string[]) =>
  client.post<ErrorReply & SiteImportResult>('/api/sites/import', [HEADER, ...lines].join('\n'), csv);
const siteCount = async () => (await admin.get<{ items: SiteView[] }>('/api/sites')).body.items.length;

beforeAll(async () => {
  server = await startServer();
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  cast = await createCast(server.url, admin, ['secretary', 'member']);
});
afterAll(async () => {
  await server?.stop();
});

describe('sites (điểm cầu): import and hierarchy', () => {
  it('refuses a file with every kind of mistake, says which line and column, and imports nothing', async () => {
    const res = await importCsv(admin, [
      'X,UBND Thành phố,thành phố,,,100,',
      'Q1,Quận Một,quận,KHONGCO,,10,', // line 3: missing parent
      'A,Quận A,quận,B,,10,', // line 4: loop A → B → A
      'B,Quận B,quận,A,,10,', // line 5: loop
      'Q2,Quận Hai,quận,X,,10,',
      'P1,Phường Một,phường,Q2,,10,',
      'P2,Phường Hai,phường,P1,,10,', // line 8: commune under a commune
      'Q2,Quận Hai lặp,quận,X,,10,', // line 9: duplicate code
      'P3,Phường Ba,phường,Q2,khong.ton.tai,10,', // line 10: unknown operator
      'P4,Phường Bốn,phường,Q2,,mười,', // line 11: not a number
      `P5,${'Phường '.repeat(40)},phường,Q2,,10,`, // line 12: name too long
      'P6,Phường\u0007Sáu,phường,Q2,,10,', // line 13: control character
      'P7,Phường Bảy,phường,Q2,,-3,', // line 14: negative
      'P8,Phường Tám,làng,Q2,,3,', // line 15: unknown level
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('chưa nhập điểm cầu nào');
    const byLine = new Map<number, string[]>();
    for (const i of res.body.error.issues ?? [])
      byLine.set(i.line ?? 0, [...(byLine.get(i.line ?? 0) ?? []), i.message]);
    const at = (line: number) => (byLine.get(line) ?? []).join(' | ');
    expect(at(3)).toMatch(/Dòng 3: cột "Mã cấp trên" — Không có điểm cầu cấp trên với mã "KHONGCO"/);
    expect(at(4)).toContain('vòng lặp');
    expect(at(5)).toContain('vòng lặp');
    expect(at(8)).toContain('phải trực thuộc một điểm cầu cấp quận/huyện');
    expect(at(9)).toContain('Mã điểm cầu "Q2" bị lặp lại (đã có ở dòng 6)');
    expect(at(10)).toContain('Không có tài khoản "khong.ton.tai"');
    expect(at(11)).toMatch(/cột "Số đại biểu dự kiến" — Số đại biểu dự kiến phải là số nguyên/);
    expect(at(12)).toMatch(/cột "Tên điểm cầu" — Giá trị quá dài/);
    expect(at(13)).toMatch(/ký tự điều khiển/);
    expect(at(14)).toContain('số nguyên');
    expect(at(15)).toMatch(/cột "Cấp" — Cấp điểm cầu phải là/);
    for (const fine of [2, 6, 7]) expect(at(fine)).toBe('');
    expect(await siteCount()).toBe(0);
  });

  it('refuses a city under another site and a district without a parent', async () => {
    const res = await importCsv(admin, [
      'X,Thành phố,thành phố,,,1,',
      'Y,Thành phố khác,thành phố,X,,1,',
      'Q,Quận,quận,,,1,',
    ]);
    expect(res.status).toBe(400);
    const messages = (res.body.error.issues ?? []).map((i) => i.message).join('\n');
    expect(messages).toContain('không trực thuộc điểm cầu nào');
    expect(messages).toContain('phải có mã điểm cầu cấp trên');
    expect(await siteCount()).toBe(0);
  });

  it('lets only an administrator import, and tells an empty file apart', async () => {
    const text = await readFile(SITES_CSV, 'utf8');
    expect((await cast.secretary.client.post('/api/sites/import', text, csv)).status).toBe(403);
    const empty = await admin.post<ErrorReply>('/api/sites/import', `${HEADER}\n`, csv);
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('không có dòng dữ liệu');
  });

  it('imports the sample city with Vietnamese names as a tree, and refuses the same codes twice', async () => {
    const sites = await importSampleSites(admin);
    expect(sites.size).toBe(16);
    const list = (await cast.member.client.get<{ items: SiteView[] }>('/api/sites')).body.items;
    // Parents before children, districts in Vietnamese order under the city.
    expect(list[0]).toMatchObject({
      code: 'HN',
      level: 'city',
      parentId: null,
      name: 'UBND Thành phố Hà Nội',
    });
    const districts = list.filter((s) => s.level === 'district').map((s) => s.name);
    expect(districts).toEqual(['Huyện Đan Phượng', 'Quận Ba Đình', 'Quận Hoàn Kiếm']);
    const phucXa = sites.get('BD-PX');
    expect(phucXa).toMatchObject({
      name: 'Phường Phúc Xá',
      level: 'commune',
      parentId: sites.get('BD')?.id,
      operatorUsername: 'dc.phucxa',
      operatorName: 'Lê Thị Hoa',
      expectedDelegates: 18,
      conferenceUrl: 'https://hoinghi.example.gov.vn/phong/bd-px',
    });
    const again = await admin.post<ErrorReply>('/api/sites/import', await readFile(SITES_CSV, 'utf8'), csv);
    expect(again.status).toBe(400);
    expect(again.body.error.issues?.[0]?.message).toContain('đã có trong hệ thống');
    expect(await siteCount()).toBe(16);

    // A commune may join an existing district from a later file.
    const later = await importCsv(admin, ['BD-NTL,Phường Ngọc Hà,phường,BD,,19,']);
    expect(later.status).toBe(200);
    expect(later.body).toEqual({ imported: 1, byLevel: { city: 0, district: 0, commune: 1 } });

    const audit = await admin.get<{ items: AuditEntry[] }>('/api/audit?action=site');
    expect(audit.body.items.map((e) => e.action)).toContain('site.imported');
  });

  it('edits a site with its version; a stale version, a bad link or an unknown operator change nothing', async () => {
    const site = (await admin.get<{ items: SiteView[] }>('/api/sites')).body.items.find(
      (s) => s.code === 'HK-HB',
    );
    if (!site) throw new Error('no site');
    const ok = await admin.patch<{ site: SiteView }>(`/api/sites/${site.id}`, {
      name: 'Phường Hàng Bạc (điểm cầu chính)',
      expectedDelegates: 30,
      version: site.version,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.site).toMatchObject({
      name: 'Phường Hàng Bạc (điểm cầu chính)',
      expectedDelegates: 30,
      version: site.version + 1,
    });
    expect((await admin.patch(`/api/sites/${site.id}`, { name: 'Cũ', version: site.version })).status).toBe(
      409,
    );
    const badUrl = await admin.patch<ErrorReply>(`/api/sites/${site.id}`, {
      conferenceUrl: 'javascript:alert(1)',
      version: site.version + 1,
    });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.issues?.[0]?.message).toContain('http:// hoặc https://');
    const badOperator = await admin.patch<ErrorReply>(`/api/sites/${site.id}`, {
      operatorUsername: 'khong.co',
      version: site.version + 1,
    });
    expect(badOperator.status).toBe(400);
    expect(
      (await cast.secretary.client.patch(`/api/sites/${site.id}`, { name: 'X', version: site.version + 1 }))
        .status,
    ).toBe(403);
    const after = (await admin.get<{ items: SiteView[] }>('/api/sites')).body.items.find(
      (s) => s.id === site.id,
    );
    expect(after).toMatchObject({
      name: 'Phường Hàng Bạc (điểm cầu chính)',
      version: site.version + 1,
      operatorUsername: 'dc.hangbac',
    });
  });
});
