import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { conclusionNoticePdf } from './conclusion-notice.pdf.js';
import { loadFontBytes } from './decree30.pdf.js';
import { invitationPdf } from './invitation.pdf.js';
import { subsetFontkit, withoutInstructions } from './subset-fontkit.js';

/** The bytes of a subset of `font` with the glyphs of `text`, as pdf-lib embeds it. */
function encodeSubset(font: ReturnType<typeof subsetFontkit.create>, text: string): Promise<Uint8Array> {
  const subset = font.createSubset();
  for (const glyph of font.layout(text).glyphs) subset.includeGlyph(glyph);
  return new Promise((resolve) => {
    const parts: Uint8Array[] = [];
    subset
      .encodeStream()
      .on('data', (b) => parts.push(b))
      .on('end', () => resolve(Buffer.concat(parts)));
  });
}

const run = promisify(execFile);

/**
 * The parsed fonts are cached across documents; what one document's layout and subset write
 * must not reach the next. The invitation's bold heading uses "O", "U", "a" only inside
 * accented letters (Ộ, Ủ, ạ), which a subset draws from their base glyphs; the notice drawn
 * after it prints them on their own, in bold, and every one must still be there to read.
 */
describe('the subset fonts, cached across documents', () => {
  it('parses each face once and gives every document its own glyphs', async () => {
    const { bold } = await loadFontBytes();
    const a = subsetFontkit.create(bold);
    const b = subsetFontkit.create(bold);
    expect(a).not.toBe(b);
    expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
    expect(a.getGlyph(100)).not.toBe(b.getGlyph(100));
  });

  it('renders two different documents in a row with all their glyphs (pdftotext)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fonts-'));
    try {
      const first = await invitationPdf({
        issuer: ['Ủy ban nhân dân', 'Thành phố Hà Nội'],
        place: 'Hà Nội',
        signer: { authority: 'TL. Chủ tịch', position: 'Chánh Văn phòng', name: 'Nguyễn Văn An' },
        number: 7,
        symbol: 'GM-UBND',
        issuedAt: '2027-03-02T08:00:00Z',
        meeting: {
          title: 'Hội nghị sơ kết',
          startsAt: '2027-03-09T01:00:00Z',
          location: 'Phòng họp số 1',
          online: false,
        },
        chair: 'đồng chí Nguyễn Văn An, Chủ tịch UBND Thành phố',
        invitees: ['Đồng chí Trần Thị Bích, Chánh Văn phòng'],
        agenda: [{ label: '1', title: 'Chuyển đổi số', presenter: null, depth: 0 }],
      });
      const second = await conclusionNoticePdf({
        issuer: ['Ủy ban nhân dân', 'Thành phố Hà Nội'],
        place: 'Hà Nội',
        signer: { authority: 'TL. Chủ tịch', position: 'Chánh Văn phòng', name: '' },
        number: 3,
        symbol: 'TB-UBND',
        issuedAt: '2027-03-10T08:00:00Z',
        meeting: { title: 'Họp Olympic Uông Bí', heldAt: '2027-03-09T01:00:00Z', location: null },
        chair: null,
        chairTitle: null,
        attendees: [],
        items: [{ label: '1', title: 'Olympic U23 và ban tổ chức', points: ['Giao Sở Văn hóa chủ trì.'] }],
      });
      const text = async (name: string, bytes: Uint8Array) => {
        const file = path.join(dir, name);
        await writeFile(file, bytes);
        return (await run('pdftotext', [file, '-'])).stdout.replace(/\s+/g, ' ');
      };
      const one = await text('giay-moi.pdf', first);
      expect(one).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(one).toContain('Độc lập - Tự do - Hạnh phúc');
      expect(one).toContain('ỦY BAN NHÂN DÂN');
      const two = await text('thong-bao.pdf', second);
      expect(two).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(two).toContain('1. Olympic U23 và ban tổ chức');
      expect(two).toContain('Kết luận tại họp Olympic Uông Bí');
      expect(two).toContain('1.1. Giao Sở Văn hóa chủ trì.');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves TrueType hinting out of the subsets and keeps every outline as it was', async () => {
    const { regular, bold } = await loadFontBytes();
    for (const bytes of [regular, bold]) {
      const original = fontkit.create(bytes);
      const text = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập, ngày 09 tháng 3; Ủy ban ạ ữ ẵ ờ';
      const encoded = await encodeSubset(subsetFontkit.create(bytes), text);
      const sub = fontkit.create(encoded) as unknown as {
        directory: { tables: Record<string, unknown> };
        numGlyphs: number;
        getGlyph(id: number): { path: { toSVG(): string }; advanceWidth: number };
      };
      expect(Object.keys(sub.directory.tables)).not.toContain('fpgm');
      expect(Object.keys(sub.directory.tables)).not.toContain('prep');
      expect(Object.keys(sub.directory.tables)).not.toContain('cvt ');
      // The subset's glyphs in order are .notdef then the text's glyphs as first met (and the
      // components of accented letters after them): compare each laid-out glyph's outline.
      const ids = [0, ...new Set(original.layout(text).glyphs.map((g) => g.id))];
      ids.forEach((id, i) => {
        expect(sub.getGlyph(i).path.toSVG()).toBe(original.getGlyph(id).path.toSVG());
        expect(sub.getGlyph(i).advanceWidth).toBe(original.getGlyph(id).advanceWidth);
      });
    }
  });

  it('cuts the instructions out of simple and composite glyph records', () => {
    // A simple glyph: one contour, 3 bytes of instructions, then 2 bytes of flags/coordinates.
    const simple = Uint8Array.from([0, 1, 0, 0, 0, 0, 0, 9, 0, 9, 0, 2, 0, 3, 0xb0, 0xb1, 0xb2, 0x11, 0x22]);
    expect([...withoutInstructions(simple)]).toEqual([0, 1, 0, 0, 0, 0, 0, 9, 0, 9, 0, 2, 0, 0, 0x11, 0x22]);
    // A composite: two components (word args on the second), instructions announced and appended.
    const composite = Uint8Array.from([
      0xff, 0xff, 0, 0, 0, 0, 0, 9, 0, 9, 0x00, 0x22, 0, 5, 1, 2, 0x01, 0x01, 0, 6, 0, 1, 0, 2, 0, 2, 0xb0,
      0xb1,
    ]);
    expect([...withoutInstructions(composite)]).toEqual([
      0xff, 0xff, 0, 0, 0, 0, 0, 9, 0, 9, 0x00, 0x22, 0, 5, 1, 2, 0x00, 0x01, 0, 6, 0, 1, 0, 2,
    ]);
    // Nothing to cut: the same record.
    const plain = Uint8Array.from([0, 1, 0, 0, 0, 0, 0, 9, 0, 9, 0, 2, 0, 0, 0x11]);
    expect(withoutInstructions(plain)).toBe(plain);
  });
});
