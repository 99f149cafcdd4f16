import { describe, expect, it } from 'vitest';
import { DocumentUpdateInput } from './document.js';
import { cleanDocumentName } from './file-name.js';

describe('document names', () => {
  it('keeps only the last path segment and ends in .pdf', () => {
    expect(cleanDocumentName('../../etc/passwd')).toBe('passwd.pdf');
    expect(cleanDocumentName('C:\\Users\\x\\Tờ trình số 12.PDF')).toBe('Tờ trình số 12.pdf');
    expect(cleanDocumentName('bao-cao.docx')).toBe('bao-cao.docx.pdf');
  });

  it('drops control and bidi characters, so "gpj.exe" cannot pose as "exe.jpg"', () => {
    expect(cleanDocumentName('x\r\nContent-Type: html\u202egpj.exe')).toBe('xContent-Type_ htmlgpj.exe.pdf');
    expect(cleanDocumentName('a\u0000b\ud800c.pdf')).toBe('abc.pdf');
  });

  it('never gives an empty or hidden name, and caps the length keeping .pdf', () => {
    expect(cleanDocumentName('')).toBe('tai-lieu.pdf');
    expect(cleanDocumentName('...')).toBe('tai-lieu.pdf');
    expect(cleanDocumentName('.htaccess')).toBe('htaccess.pdf');
    const long = cleanDocumentName(`${'Báo cáo '.repeat(60)}.pdf`);
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('cleans a rename the same way, and refuses a line break in it', () => {
    const ok = DocumentUpdateInput.safeParse({ version: 0, name: '../../Quyết định.exe' });
    expect(ok.data?.name).toBe('Quyết định.exe.pdf');
    expect(DocumentUpdateInput.safeParse({ version: 0, name: 'Quyết định\u202egpj.exe' }).success).toBe(
      false,
    );
    const bad = DocumentUpdateInput.safeParse({ version: 0, name: 'x\r\nSet-Cookie: a' });
    expect(bad.success).toBe(false);
  });
});
