import { readFile } from 'node:fs/promises';
import {
  drawEllipse,
  drawImage,
  drawRectangle,
  drawText,
  degrees,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  type PDFDocument,
  type PDFFont,
  type PDFOperator,
  type PDFRef,
} from 'pdf-lib';
import { loadFontBytes } from '../official-documents/decree30.pdf.js';
import { subsetName } from '../official-documents/subset-fontkit.js';
import { vietnamParts } from '../official-documents/decree30.js';

/** What the visible block of a signature shows. */
export interface AppearanceContent {
  signerName: string;
  /** The signer's position (chức vụ), when known. */
  position: string | null;
  organisation: string;
  signingTime: Date;
  /** The organisation's seal, drawn over the left third when the issuing authority signs. */
  seal: { pngPath: string | undefined; symbol: string } | null;
}

const INK = rgb(0.05, 0.2, 0.6);
const SEAL = rgb(0.82, 0.1, 0.1);
const ZERO = degrees(0);

/** "05/12/2026 14:30:00 +07:00": the signing time in Vietnam. */
export function signingTimeText(d: Date): string {
  const p = vietnamParts(d.toISOString());
  const two = (n: number) => String(n).padStart(2, '0');
  const seconds = two(d.getUTCSeconds());
  return `${two(p.day)}/${two(p.month)}/${p.year} ${two(p.hour)}:${two(p.minute)}:${seconds} +07:00`;
}

/**
 * Draws the visible block into a form XObject of `box` size and answers its reference: the
 * signer, position, organisation and time in Tinos (Vietnamese), framed, with the seal (the PNG
 * configured, or a drawn red ring with the issuer's symbol) over the left third.
 */
export async function drawAppearance(
  doc: PDFDocument,
  box: { width: number; height: number },
  c: AppearanceContent,
): Promise<PDFRef> {
  const bytes = await loadFontBytes();
  const regular = await doc.embedFont(bytes.regular, {
    subset: true,
    customName: subsetName('Tinos-Regular'),
  });
  const bold = await doc.embedFont(bytes.bold, { subset: true, customName: subsetName('Tinos-Bold') });
  const { width: W, height: H } = box;
  const ops: PDFOperator[] = [pushGraphicsState()];
  const xObjects: Record<string, PDFRef> = {};
  // The seal is stamped last, over the frame, as a seal is pressed over the signature.
  const sealOps: PDFOperator[] = [];

  let textLeft = 6;
  let frameLeft = 3;
  if (c.seal) {
    const d = Math.min(H - 2, W / 3);
    const cx = 1 + d / 2;
    const cy = H / 2;
    if (c.seal.pngPath) {
      const image = await doc.embedPng(await readFile(c.seal.pngPath));
      xObjects.Seal = image.ref;
      sealOps.push(
        ...drawImage('Seal', {
          x: cx - d / 2,
          y: cy - d / 2,
          width: d,
          height: d,
          rotate: ZERO,
          xSkew: ZERO,
          ySkew: ZERO,
        }),
      );
    } else {
      const ring = { x: cx, y: cy, color: undefined, borderColor: SEAL, rotate: ZERO };
      sealOps.push(...drawEllipse({ ...ring, xScale: d / 2, yScale: d / 2, borderWidth: 1.6 }));
      sealOps.push(...drawEllipse({ ...ring, xScale: d / 2 - 4, yScale: d / 2 - 4, borderWidth: 0.7 }));
      const size = Math.min(10, (d - 12) / Math.max(1, c.seal.symbol.length) / 0.6);
      const w = bold.widthOfTextAtSize(c.seal.symbol, size);
      sealOps.push(
        ...drawText(bold.encodeText(c.seal.symbol), {
          ...{ rotate: ZERO, xSkew: ZERO, ySkew: ZERO },
          color: SEAL,
          font: 'F2',
          size,
          x: cx - w / 2,
          y: cy - size / 3,
        }),
      );
    }
    // The seal covers the left part of the signature block, as the decree has it; the text starts
    // after the seal so it stays legible.
    frameLeft = cx;
    textLeft = 1 + d + 4;
  }

  ops.push(
    ...drawRectangle({
      x: frameLeft,
      y: 1,
      width: W - frameLeft - 1,
      height: H - 2,
      borderWidth: 0.6,
      color: undefined,
      borderColor: INK,
      rotate: ZERO,
      xSkew: ZERO,
      ySkew: ZERO,
    }),
  );
  const lines: { text: string; font: PDFFont; name: string }[] = [
    { text: `Ký số bởi: ${c.signerName}`, font: bold, name: 'F2' },
    ...(c.position ? [{ text: c.position, font: regular, name: 'F1' }] : []),
    { text: c.organisation, font: regular, name: 'F1' },
    { text: `Thời gian ký: ${signingTimeText(c.signingTime)}`, font: regular, name: 'F1' },
  ];
  const room = W - textLeft - 4;
  let size = Math.min(9, (H - 6) / (lines.length * 1.25));
  while (size > 4 && lines.some((l) => l.font.widthOfTextAtSize(l.text, size) > room)) size -= 0.25;
  const lead = size * 1.25;
  let y = H / 2 + (lines.length * lead) / 2 - size;
  for (const l of lines) {
    ops.push(
      ...drawText(l.font.encodeText(l.text), {
        color: INK,
        font: l.name,
        size,
        x: textLeft,
        y,
        rotate: ZERO,
        xSkew: ZERO,
        ySkew: ZERO,
      }),
    );
    y -= lead;
  }
  ops.push(...sealOps, popGraphicsState());
  const stream = doc.context.formXObject(ops, {
    BBox: [0, 0, W, H],
    Resources: { Font: { F1: regular.ref, F2: bold.ref }, XObject: xObjects },
  });
  return doc.context.register(stream);
}
