import { dateLine, numberLine, upper, vietnamParts } from './decree30.js';
import type { Sheet } from './decree30.pdf.js';
import { MARGIN, TEXT_WIDTH, mm } from './decree30.pdf.js';

/**
 * The parts every Decree 30 document shares (Phụ lục I): the heading (issuing body and national
 * title, number and date), the title block, and the closing (recipients and signature block).
 */

export const BODY = { size: 14, align: 'justify', indent: mm(10), after: 6, leading: 1.25 } as const;
/** The header's columns: the issuing body left, the national title right. */
const LEFT = { x: MARGIN.left - mm(8), width: mm(78) };
const RIGHT = { x: MARGIN.left + mm(68), width: TEXT_WIDTH - mm(68) + mm(4) };
/** The recipients and the signature block, with the space to sign. */
export const CLOSING_HEIGHT = mm(58);

export interface HeadingContent {
  /** The issuing body, line by line (sentence case; printed in capitals). */
  issuer: string[];
  place: string;
  /** Null for a draft not numbered yet: the number and the day are left for the clerk. */
  number: number | null;
  symbol: string;
  /** The issuing date; for a draft, any instant of the year to print. */
  issuedAt: string;
  draft?: boolean;
}

/** Where a digital signature's visible block goes: the space left to sign, in PDF points. */
export interface SignatureArea {
  /** Page index, 0 for the first. */
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Signer {
  authority: string;
  position: string;
  name: string;
}

/** Issuing body and national title side by side, then the number and the date line. */
export function heading(sheet: Sheet, c: HeadingContent): void {
  sheet.columns(
    () => {
      let widest = 0;
      let left = 0;
      for (const line of c.issuer) {
        const drawn = sheet.text(upper(line), { ...LEFT, font: 'bold', size: 13, align: 'center' });
        if (drawn.width > widest) ({ width: widest, left } = drawn);
      }
      // The short rule under the issuer: a third to a half of the line, centred.
      const rule = widest * 0.4;
      sheet.rule(left + (widest - rule) / 2, rule, 6);
    },
    () => {
      sheet.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { ...RIGHT, font: 'bold', size: 12, align: 'center' });
      const motto = sheet.text('Độc lập - Tự do - Hạnh phúc', {
        ...RIGHT,
        font: 'bold',
        size: 13,
        align: 'center',
      });
      // Under the motto, a rule as long as the line.
      sheet.rule(motto.left, motto.width, 5);
    },
  );
  sheet.gap(10);
  const date = c.draft
    ? `${c.place}, ngày ...... tháng ...... năm ${vietnamParts(c.issuedAt).year}`
    : dateLine(c.place, c.issuedAt);
  sheet.columns(
    () =>
      void sheet.text(numberLine(c.draft ? null : c.number, c.symbol), {
        ...LEFT,
        size: 13,
        align: 'center',
      }),
    () => void sheet.text(date, { ...RIGHT, font: 'italic', size: 14, align: 'center' }),
  );
}

/** The document type in capitals, the summary under it in bold, a short rule below. */
export function titleBlock(sheet: Sheet, type: string, summary: string): void {
  sheet.gap(20);
  sheet.text(type, { font: 'bold', size: 14, align: 'center', after: 2 });
  const drawn = sheet.text(summary, { font: 'bold', size: 14, align: 'center' });
  const rule = Math.min(drawn.width, TEXT_WIDTH * 0.6) * 0.5;
  sheet.rule(MARGIN.left + (TEXT_WIDTH - rule) / 2, rule, 5);
  sheet.gap(16);
}

/**
 * "Nơi nhận:" with its lines at the bottom left, the signature block at the right, on one page.
 * Answers the space left to sign (where a digital signature's visible block is drawn).
 */
export function closing(sheet: Sheet, recipients: string[], signer: Signer): SignatureArea {
  let area: SignatureArea | undefined;
  sheet.gap(8);
  sheet.ensure(CLOSING_HEIGHT);
  sheet.columns(
    () => {
      sheet.text('Nơi nhận:', { font: 'boldItalic', size: 12, width: mm(75) });
      for (const line of recipients) sheet.text(line, { size: 11, width: mm(75) });
    },
    () => {
      const col = {
        x: MARGIN.left + mm(70),
        width: TEXT_WIDTH - mm(70),
        align: 'center',
        font: 'bold',
      } as const;
      if (signer.authority) sheet.text(upper(signer.authority), { ...col, size: 14 });
      sheet.text(upper(signer.position), { ...col, size: 14 });
      area = { page: sheet.pageIndex, x: col.x, y: sheet.y - mm(25), width: col.width, height: mm(24) };
      sheet.gap(mm(25));
      if (signer.name) sheet.text(signer.name, { ...col, size: 14 });
    },
  );
  if (!area) throw new Error('the signature block was not laid out');
  return area;
}
