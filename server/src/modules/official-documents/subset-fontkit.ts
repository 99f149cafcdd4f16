import { randomInt } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';

/**
 * `@pdf-lib/fontkit` with one fix to its TrueType subsets. The subset copies each glyph record
 * as it is and, when the subset is small, writes a short `loca` table, whose offsets are halved:
 * a record of odd length then shifts every later glyph by a byte and viewers draw blanks (Tinos
 * has such records; see Hopding/pdf-lib#1232 and foliojs/fontkit#191, fixed upstream by padding).
 * Here every copied record is padded to an even length, as the OpenType spec recommends.
 */

type Glyf = { glyf: Uint8Array[]; offset: number };
type SubsetProto = { _addGlyph: (this: Glyf, gid: number) => number; __evenGlyphs?: true };

function padGlyphRecords(font: ReturnType<typeof fontkit.create>): void {
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
 * Parsed fonts by their bytes: the faces are read once per process (decree30.pdf.ts), and a
 * fontkit font keeps its parsed tables and glyphs, so each document after the first skips
 * parsing them again (each subset is still made per document).
 */
const parsed = new WeakMap<Uint8Array, Map<string, ReturnType<typeof fontkit.create>>>();

/** The fontkit to register with pdf-lib for subset TrueType fonts. */
export const subsetFontkit = {
  create(data: Uint8Array, postscriptName?: string): ReturnType<typeof fontkit.create> {
    // Not cached across documents: a shared fontkit font lost glyphs (bold "O", "a", "U" went
    // blank) in the second document drawn by the process (the conclusion notice after an invitation).
    void parsed;
    const font = fontkit.create(data, postscriptName);
    padGlyphRecords(font);
    return font;
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
