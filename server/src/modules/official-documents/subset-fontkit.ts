import { randomInt } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';

/**
 * `@pdf-lib/fontkit` with one fix to its TrueType subsets. The subset copies each glyph record
 * as it is and, when the subset is small, writes a short `loca` table, whose offsets are halved:
 * a record of odd length then shifts every later glyph by a byte and viewers draw blanks (Tinos
 * has such records; see Hopding/pdf-lib#1232 and foliojs/fontkit#191, fixed upstream by padding).
 * Here every copied record is padded to an even length, as the OpenType spec recommends.
 */

type FontkitFont = ReturnType<typeof fontkit.create>;
type Glyf = { glyf: Uint8Array[]; offset: number };
type SubsetProto = { _addGlyph: (this: Glyf, gid: number) => number; __evenGlyphs?: true };

function padGlyphRecords(font: FontkitFont): void {
  const subset: object = font.createSubset();
  const proto = Object.getPrototypeOf(subset) as SubsetProto;
  if (proto.__evenGlyphs || typeof proto._addGlyph !== 'function') return;
  const addGlyph = proto._addGlyph;
  proto._addGlyph = function (this: Glyf, gid: number): number {
    const index = addGlyph.call(this, gid);
    const last = this.glyf[this.glyf.length - 1];
    if (last && last.length % 2 === 1) {
      // The bundled Buffer class of fontkit (its stream accepts only those), one zero byte longer.
      const kind = last.constructor as { alloc?: (size: number) => Uint8Array };
      const padded = kind.alloc ? kind.alloc(last.length + 1) : new Uint8Array(last.length + 1);
      padded.set(last, 0);
      this.glyf[this.glyf.length - 1] = padded;
      this.offset += 1;
    }
    return index;
  };
  proto.__evenGlyphs = true;
}

/**
 * Parsed fonts by their bytes and name: the faces are read once per process (decree30.pdf.ts),
 * and parsing a face (its directory, cmap, GSUB, hmtx, loca tables) is most of the cost of
 * drawing a short document, so it is done once.
 */
const parsed = new WeakMap<Uint8Array, Map<string, FontkitFont>>();

/**
 * What one document gets: a view of the parsed font with its own glyph cache (and with it its
 * own layout engine and glyph objects). A fontkit glyph keeps the characters it was first made
 * for, and a subset makes the components of accented letters (the "O" in "Ộ") without any: a
 * shared glyph cache let a second document reuse those, and its "O", "a", "U" had no text to
 * extract and copy (the bug that removed the first cache). The parsed tables are read-only and
 * shared; everything a document's layout or subset writes stays on its view.
 */
function documentView(font: FontkitFont): FontkitFont {
  const view = Object.create(font) as FontkitFont & { _glyphs: Record<number, unknown> };
  view._glyphs = {};
  const known = layoutsOf(font);
  const layout = font.layout.bind(view);
  // pdf-lib lays out every string it measures or draws and uses only the glyphs: the glyph ids and
  // the characters each stands for are the same in every document, so they are laid out once per
  // face; each document still makes its own glyph objects from them.
  view.layout = ((text: string, ...rest: unknown[]) => {
    if (rest.some((r) => r !== undefined)) return layout(text, ...(rest as []));
    let ids = known.get(text);
    if (!ids) {
      const run = layout(text);
      ids = run.glyphs.map((g) => ({ id: g.id, codePoints: [...g.codePoints] }));
      if (known.size >= MAX_LAYOUTS) known.clear();
      known.set(text, ids);
      return run;
    }
    return { glyphs: ids.map((g) => view.getGlyph(g.id, g.codePoints)) };
  }) as FontkitFont['layout'];
  return view;
}

/** Laid-out strings kept per face (a document's worth of lines and words many times over). */
const MAX_LAYOUTS = 20_000;
const layouts = new WeakMap<FontkitFont, Map<string, { id: number; codePoints: number[] }[]>>();
const layoutsOf = (font: FontkitFont) => {
  let known = layouts.get(font);
  if (!known) {
    known = new Map();
    layouts.set(font, known);
  }
  return known;
};

/** The fontkit to register with pdf-lib for subset TrueType fonts. */
export const subsetFontkit = {
  create(data: Uint8Array, postscriptName?: string): FontkitFont {
    let byName = parsed.get(data);
    if (!byName) {
      byName = new Map();
      parsed.set(data, byName);
    }
    const key = postscriptName ?? '';
    let font = byName.get(key);
    if (!font) {
      font = fontkit.create(data, postscriptName);
      padGlyphRecords(font);
      byName.set(key, font);
    }
    return documentView(font);
  },
};

/**
 * A subset font's name in the PDF: six capitals, "+", the font's name (ISO 32000-1, 9.6.4), so
 * readers and `pdffonts` know it as a subset.
 */
export function subsetName(postscriptName: string): string {
  const tag = Array.from({ length: 6 }, () => String.fromCharCode(65 + randomInt(26))).join('');
  return `${tag}+${postscriptName}`;
}
