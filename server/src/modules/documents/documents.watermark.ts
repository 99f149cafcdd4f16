import { formatDateTime } from '@icabinet/shared';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { degrees, PDFDocument, rgb, type PDFFont } from 'pdf-lib';

/**
 * DejaVu Sans (from the `dejavu-fonts-ttf` package, so no system font is needed) covers every
 * Vietnamese letter; pdf-lib embeds only the glyphs used.
 */
const FONT_PATH = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
let fontBytes: Promise<Buffer> | undefined;

/** Who the copy is for. */
export interface WatermarkViewer {
  fullName: string;
  unitName: string | null;
  /** When the copy was made, already formatted (Asia/Ho_Chi_Minh). */
  at: string;
}

/**
 * Folds text to what the standard PDF fonts can draw (WinAnsi): Vietnamese letters lose their
 * marks ("Nguyễn Văn Đức" → "Nguyen Van Duc"), anything else unknown becomes "?". Kept for
 * callers that cannot embed a font; the watermark itself uses DejaVu Sans.
 */
export function foldToWinAnsi(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[–—]/g, '-')
    .replace(/[^\x20-\x7e]/g, '?');
}

/** The date and time as people in Hà Nội read it, e.g. "28/11/2025 08:05". */
export function formatHanoiTime(date: Date): string {
  return formatDateTime(date, 'vi').replace(',', '');
}

/** Embeds DejaVu Sans (subset) in a document, for Vietnamese text. */
export async function embedVietnameseFont(doc: PDFDocument): Promise<PDFFont> {
  doc.registerFontkit(fontkit);
  return doc.embedFont(await (fontBytes ??= readFile(FONT_PATH)), { subset: true });
}

/**
 * Stamps the viewer's name and unit on every page: a large diagonal line across the middle and
 * a small line at the foot, both light and translucent so the text stays readable.
 */
export function stampWatermark(doc: PDFDocument, font: PDFFont, viewer: WatermarkViewer): void {
  const who = [viewer.fullName, viewer.unitName].filter(Boolean).join(' – ');
  const foot = `Bản của ${who} – tải về lúc ${viewer.at} – I-Cabinet`;
  for (const page of doc.getPages()) {
    const { width, height } = page.getSize();
    const diagonal = Math.hypot(width, height);
    const size = Math.max(12, Math.min(48, (diagonal * 0.7) / Math.max(1, font.widthOfTextAtSize(who, 1))));
    const textWidth = font.widthOfTextAtSize(who, size);
    const angle = Math.atan2(height, width);
    // Centre the rotated line on the page.
    const x = width / 2 - (Math.cos(angle) * textWidth) / 2 + (Math.sin(angle) * size) / 3;
    const y = height / 2 - (Math.sin(angle) * textWidth) / 2 - (Math.cos(angle) * size) / 3;
    page.drawText(who, {
      x,
      y,
      size,
      font,
      rotate: degrees((angle * 180) / Math.PI),
      color: rgb(0.75, 0.1, 0.1),
      opacity: 0.15,
    });
    page.drawText(foot, { x: 24, y: 12, size: 7, font, color: rgb(0.4, 0.4, 0.4), opacity: 0.6 });
  }
}

/** Returns a watermarked copy of the PDF (see stampWatermark). The stored file is never changed. */
export async function watermarkPdf(path: string, viewer: WatermarkViewer): Promise<Uint8Array> {
  const doc = await PDFDocument.load(await readFile(path), { updateMetadata: false });
  stampWatermark(doc, await embedVietnameseFont(doc), viewer);
  return doc.save({ useObjectStreams: true });
}
