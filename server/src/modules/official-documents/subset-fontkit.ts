import { randomInt } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';

/**
 * `@pdf-lib/fontkit` with two changes to its TrueType subsets.
 *
 * - A fix: the subset copies each glyph record as it is and, when the subset is small, writes a
 *   short `loca` table, whose offsets are halved: a record of odd length then shifts every later
 *   glyph by a byte and viewers draw blanks (Tinos has such records; see Hopding/pdf-lib#1232 and
 *   foliojs/fontkit#191, fixed upstream by padding). Every copied record is padded to an even
 *   length, as the OpenType spec recommends.
 * - No TrueType hinting: the subsets leave out `cvt `, `fpgm` and `prep` and the glyphs'
 *   instructions. PDF viewers draw the outlines without them (hinting is for small sizes on
 *   screens of old), and encoding those tables (about 4 KB per face, written byte by byte by
 *   fontkit) and compressing the instructions (43–49 % of Tinos's glyph bytes) was a large part of
 *   drawing and signing a document: see README, "Generating and signing a document".
 */

type FontkitFont = ReturnType<typeof fontkit.create>;
type Glyf = { glyf: Uint8Array[]; offset: number };
type SubsetProto = { _addGlyph: (this: Glyf, gid: number) => number; __evenGlyphs?: true };

/** A copy of `bytes` in the same Buffer class (fontkit's stream accepts only its bundled one). */
function sameKind(like: Uint8Array, length: number): Uint8Array {
  const kind = like.constructor as { alloc?: (size: number) => Uint8Array };
  return kind.alloc ? kind.alloc(length) : new Uint8Array(length);
}

/**
 * A glyph record without its TrueType instructions (hinting): a simple glyph's instruction
 * bytes are cut out (their length set to 0), a composite glyph loses the instructions after its
 * last component (and the flag that announces them). The outlines are untouched. PDF viewers
 * rasterise without the font's hinting programs, and the subsets leave those programs (`fpgm`,
 * `prep`, `cvt `) out, so the glyphs must not call into them.
 */
export function withoutInstructions(record: Uint8Array): Uint8Array {
  if (record.length < 10) return record;
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  const contours = view.getInt16(0);
  if (contours >= 0) {
    const at = 10 + 2 * contours;
    if (record.length < at + 2) return record;
    const length = view.getUint16(at);
    if (length === 0) return record;
    const out = sameKind(record, record.length - length);
    out.set(record.subarray(0, at), 0);
    // The instruction length stays 0 (a fresh buffer is zeroed); flags and coordinates follow.
    out.set(record.subarray(at + 2 + length), at + 2);
    return out;
  }
  // Composite: component records up to the one without MORE_COMPONENTS (0x20).
  let p = 10;
  let instructions = false;
  for (;;) {
    if (p + 4 > record.length) return record;
    const flags = view.getUint16(p);
    if (flags & 0x100) instructions = true;
    p += 4 + (flags & 0x1 ? 4 : 2);
    if (flags & 0x8) p += 2;
    else if (flags & 0x40) p += 4;
    else if (flags & 0x80) p += 8;
    if (!(flags & 0x20)) break;
  }
  if (!instructions || p > record.length) return record;
  const out = sameKind(record, p);
  out.set(record.subarray(0, p), 0);
  // WE_HAVE_INSTRUCTIONS (0x100) off in every component's flags.
  const outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let q = 10; ;) {
    const flags = outView.getUint16(q);
    outView.setUint16(q, flags & ~0x100);
    q += 4 + (flags & 0x1 ? 4 : 2);
    if (flags & 0x8) q += 2;
    else if (flags & 0x40) q += 4;
    else if (flags & 0x80) q += 8;
    if (!(flags & 0x20)) break;
  }
  return out;
}

/**
 * Patches fontkit's TrueType subset once: each copied glyph record loses its instructions
 * (`withoutInstructions`) and is padded to an even length.
 */
function patchSubsetGlyphs(font: FontkitFont): void {
  const subset: object = font.createSubset();
  const proto = Object.getPrototypeOf(subset) as SubsetProto;
  if (proto.__evenGlyphs || typeof proto._addGlyph !== 'function') return;
  const addGlyph = proto._addGlyph;
  proto._addGlyph = function (this: Glyf, gid: number): number {
    const index = addGlyph.call(this, gid);
    const copied = this.glyf[this.glyf.length - 1];
    if (!copied) return index;
    let record = withoutInstructions(copied);
    this.offset -= copied.length - record.length;
    if (record.length % 2 === 1) {
      const padded = sameKind(record, record.length + 1);
      padded.set(record, 0);
      record = padded;
      this.offset += 1;
    }
    this.glyf[this.glyf.length - 1] = record;
    return index;
  };
  proto.__evenGlyphs = true;
}

/** The TrueType hinting tables, left out of every subset (see `withoutInstructions`). */
const HINTING_TABLES = ['cvt ', 'fpgm', 'prep'] as const;

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
  // The subset reads these tables off the font and writes them out: here they are absent.
  for (const tag of HINTING_TABLES) Object.defineProperty(view, tag, { value: undefined });
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
      patchSubsetGlyphs(font);
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
