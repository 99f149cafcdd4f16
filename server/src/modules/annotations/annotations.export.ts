import { readFile } from 'node:fs/promises';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { ANNOTATION_GRID, type Annotation } from '@icabinet/shared';
import {
  embedVietnameseFont,
  stampWatermark,
  type WatermarkViewer,
} from '../documents/documents.watermark.js';

/** One layer's annotations, page by page (1-based page numbers). */
export type LayerPages = { page: number; annotations: Annotation[] }[];

const colorOf = (hex: string) =>
  rgb(
    parseInt(hex.slice(1, 3), 16) / 255,
    parseInt(hex.slice(3, 5), 16) / 255,
    parseInt(hex.slice(5, 7), 16) / 255,
  );

/** Maps grid units (origin top-left of the page as shown) to PDF user space on one page. */
function frame(page: PDFPage) {
  const box = page.getCropBox();
  return {
    x: (gx: number) => box.x + (gx / ANNOTATION_GRID) * box.width,
    y: (gy: number) => box.y + box.height - (gy / ANNOTATION_GRID) * box.height,
    w: (gw: number) => (gw / ANNOTATION_GRID) * box.width,
    h: (gh: number) => (gh / ANNOTATION_GRID) * box.height,
    box,
  };
}

function drawOne(page: PDFPage, font: PDFFont, a: Annotation): void {
  const f = frame(page);
  const color = colorOf(a.color);
  switch (a.kind) {
    case 'ink': {
      const width = Math.max(0.5, f.w(a.width));
      const opacity = a.opacity ?? 1;
      if (a.points.length === 2) {
        page.drawCircle({ x: f.x(a.points[0]!), y: f.y(a.points[1]!), size: width / 2, color, opacity });
        return;
      }
      // An SVG path in points with y growing downward from the top-left corner of the crop box.
      let d = '';
      for (let i = 0; i < a.points.length; i += 2) {
        const x = f.w(a.points[i]!);
        const y = f.h(a.points[i + 1]!);
        d += `${i === 0 ? 'M' : 'L'}${x.toFixed(2)} ${y.toFixed(2)} `;
      }
      page.drawSvgPath(d, {
        x: f.box.x,
        y: f.box.y + f.box.height,
        borderColor: color,
        borderWidth: width,
        borderOpacity: opacity,
        borderLineCap: 1,
      });
      return;
    }
    case 'highlight': {
      for (let i = 0; i + 3 < a.rects.length; i += 4) {
        const [gx, gy, gw, gh] = [a.rects[i]!, a.rects[i + 1]!, a.rects[i + 2]!, a.rects[i + 3]!];
        page.drawRectangle({
          x: f.x(gx),
          y: f.y(gy + gh),
          width: f.w(gw),
          height: f.h(gh),
          color,
          opacity: a.opacity ?? 0.35,
        });
      }
      return;
    }
    case 'note': {
      const [gx, gy] = a.points;
      const x = f.x(gx);
      const y = f.y(gy);
      const size = 10;
      page.drawRectangle({ x, y: y - size, width: size, height: size, color, opacity: a.opacity ?? 1 });
      if (a.text)
        page.drawText(a.text, {
          x: x + size + 3,
          y: y - 8,
          size: 8,
          font,
          color: rgb(0.1, 0.1, 0.1),
          maxWidth: Math.max(60, f.box.x + f.box.width - x - size - 6),
          lineHeight: 10,
        });
      return;
    }
    case 'text': {
      // pdf-lib wraps at the box width; a text longer than the box stays readable below it, not clipped.
      const [gx, gy, gw] = a.rects;
      const size = a.fontSize ? Math.max(4, f.h(a.fontSize)) : 11;
      page.drawText(a.text, {
        x: f.x(gx),
        y: f.y(gy) - size,
        size,
        font,
        color,
        opacity: a.opacity ?? 1,
        maxWidth: Math.max(size, f.w(gw)),
        lineHeight: size * 1.2,
      });
      return;
    }
  }
}

/**
 * Returns a copy of the PDF at `path` with the layers drawn in (in order: shared first, then the
 * caller's private layer on top): ink as stroked paths, highlights as translucent rectangles,
 * notes and text boxes as text in DejaVu Sans. Annotations on pages the file lacks are skipped.
 */
export async function burnAnnotations(
  path: string,
  layers: LayerPages[],
  opts: { watermark: WatermarkViewer | null },
): Promise<Uint8Array> {
  const doc = await PDFDocument.load(await readFile(path), { updateMetadata: false });
  const font = await embedVietnameseFont(doc);
  const pages = doc.getPages();
  for (const layer of layers) {
    for (const { page, annotations } of layer) {
      const target = pages[page - 1];
      if (!target) continue;
      for (const a of annotations) drawOne(target, font, a);
    }
  }
  if (opts.watermark) stampWatermark(doc, font, opts.watermark);
  return doc.save({ useObjectStreams: true });
}
