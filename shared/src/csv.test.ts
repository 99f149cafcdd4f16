import { describe, expect, it } from 'vitest';
import { BOM, csvField, toCsv } from './csv.js';

describe('CSV writing', () => {
  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x","bấm")')).toBe(`"'=HYPERLINK(""http://x"",""bấm"")"`);
    expect(csvField('+84 912')).toBe("'+84 912");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    // Ordinary text, dashes inside and the em dash are left alone.
    expect(csvField('Sở Nội vụ — TP')).toBe('Sở Nội vụ — TP');
    expect(csvField('0912-345-678')).toBe('0912-345-678');
  });

  it('quotes only when needed, or every field when asked', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField('a', { quoteAll: true })).toBe('"a"');
    expect(csvField(null, { quoteAll: true })).toBe('""');
  });

  it('writes a BOM and CRLF line ends', () => {
    expect(
      toCsv([
        ['a', null],
        ['=x', 'c'],
      ]),
    ).toBe(`${BOM}a,\r\n'=x,c\r\n`);
    expect(toCsv([['a']], { bom: false, quoteAll: true })).toBe('"a"\r\n');
  });
});
