import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocBlock } from '../minutes/minutes.blocks.js';
import { minutesPdf, type MinutesContent } from './minutes.pdf.js';

const run = promisify(execFile);

const base: Omit<MinutesContent, 'blocks'> = {
  issuer: ['Ủy ban nhân dân', 'Thành phố Hà Nội'],
  place: 'Hà Nội',
  number: null,
  symbol: 'BB-UBND',
  issuedAt: '2027-03-09T08:00:00Z',
  meetingTitle: 'Phiên họp thường kỳ tháng 3',
  secretary: 'Trần Thị Thư',
  chair: 'Nguyễn Văn Chủ',
};

/** `n` one-line paragraphs and `m` empty ones: moves what follows down in small steps. */
function filler(n: number, m: number): DocBlock[] {
  return [
    ...Array.from({ length: n }, (_, k): DocBlock => ({
      type: 'paragraph',
      text: `Đoạn đệm số ${k + 1}.`,
      bold: false,
    })),
    ...Array.from({ length: m }, (): DocBlock => ({ type: 'paragraph', text: '', bold: false })),
  ];
}

const HEADER = ['STT', 'Họ và tên', 'Chức vụ'];
/** The attendance table: a header row and `rows` body rows (two pages' worth when long). */
const attendance = (rows: number): DocBlock => ({
  type: 'table',
  rows: [
    { header: true, cells: HEADER },
    ...Array.from({ length: rows }, (_, k) => ({
      header: false,
      cells: [String(k + 1), `Đại biểu số ${k + 1}`, 'Chuyên viên'],
    })),
  ],
});

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bb-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Each page's lines as pdftotext lays them out (`-f N -l N`), without the page number. */
async function pages(blocks: DocBlock[], name: string): Promise<string[][]> {
  const { bytes } = await minutesPdf({ ...base, blocks });
  const file = path.join(dir, `${name}.pdf`);
  await writeFile(file, bytes);
  const count = (await PDFDocument.load(bytes)).getPageCount();
  const out: string[][] = [];
  for (let n = 1; n <= count; n++) {
    const text = (await run('pdftotext', ['-layout', '-f', String(n), '-l', String(n), file, '-'])).stdout;
    const lines = text
      .split('\n')
      .map((l) => l.trim().replace(/\s+/g, ' '))
      .filter(Boolean);
    out.push(n > 1 && lines[0] === String(n) ? lines.slice(1) : lines);
  }
  return out;
}

const isHeader = (line: string) => line === HEADER.join(' ');
const isBodyRow = (line: string) => /^\d+ Đại biểu số \d+ Chuyên viên$/.test(line);

describe('the minutes (biên bản) laid out over pages', () => {
  it('never leaves a table header alone at the foot of a page, and repeats it on the next page', async () => {
    let pushed = 0;
    let continued = 0;
    for (let n = 18; n <= 30; n++) {
      for (let m = 0; m < 4; m++) {
        const doc = await pages(
          [...filler(n, m), attendance(45), { type: 'paragraph', text: 'Kết thúc.', bold: false }],
          `t-${n}-${m}`,
        );
        const withTable = doc.filter((lines) => lines.some(isBodyRow));
        expect(withTable.length, `${n}/${m}`).toBeGreaterThan(1);
        continued++;
        for (const [p, lines] of doc.entries()) {
          const rows = lines.filter((l) => isHeader(l) || isBodyRow(l));
          if (rows.length === 0) continue;
          // The table's part on every page starts with the header row, followed by a body row.
          expect(rows[0], `${n}/${m} page ${p + 1}`).toBe(HEADER.join(' '));
          expect(isBodyRow(rows[1] ?? ''), `${n}/${m} page ${p + 1}: ${rows[1]}`).toBe(true);
          // The header only once per page, and every body row once in all.
          expect(rows.filter(isHeader)).toHaveLength(1);
        }
        const all = doc.flat().filter(isBodyRow);
        expect(all).toHaveLength(45);
        expect(all[0]).toBe('1 Đại biểu số 1 Chuyên viên');
        // The filler's last line on page 1 and the table starting on page 2: the header was moved.
        const page1 = doc[0] ?? [];
        if (!page1.some((l) => isHeader(l)) && page1.some((l) => l.startsWith('Đoạn đệm'))) pushed++;
      }
    }
    // Some of these placed the header where only it would fit on page 1.
    expect(pushed).toBeGreaterThan(0);
    expect(continued).toBeGreaterThan(0);
  }, 120_000);

  it('keeps a heading with what follows it: never the last line of a page', async () => {
    let moved = 0;
    for (let n = 18; n <= 30; n++) {
      for (let m = 0; m < 4; m++) {
        const blocks: DocBlock[] = [
          ...filler(n, m),
          { type: 'heading', level: 2, text: 'II. Diễn biến cuộc họp' },
          { type: 'paragraph', text: 'Chủ tọa khai mạc cuộc họp và nêu mục đích.', bold: false },
          { type: 'heading', level: 2, text: 'III. Thành phần tham dự' },
          attendance(3),
          { type: 'paragraph', text: 'Kết thúc.', bold: false },
        ];
        const doc = await pages(blocks, `h-${n}-${m}`);
        for (const [p, lines] of doc.entries()) {
          const at = lines.findIndex((l) => l === 'II. Diễn biến cuộc họp');
          if (at >= 0) {
            expect(lines[at + 1], `${n}/${m} page ${p + 1}`).toBe(
              'Chủ tọa khai mạc cuộc họp và nêu mục đích.',
            );
            if (p > 0 && at === 0) moved++;
          }
          const table = lines.findIndex((l) => l === 'III. Thành phần tham dự');
          if (table >= 0) {
            expect(lines[table + 1], `${n}/${m} page ${p + 1}`).toBe(HEADER.join(' '));
            expect(isBodyRow(lines[table + 2] ?? ''), `${n}/${m} page ${p + 1}`).toBe(true);
          }
        }
      }
    }
    expect(moved).toBeGreaterThan(0);
  }, 120_000);
});
