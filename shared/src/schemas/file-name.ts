import { Text } from './common.js';

const MAX_NAME_LENGTH = 200;
const FALLBACK = 'tai-lieu.pdf';

/**
 * The one cleaning of a document's display name, for uploads, renames, new versions and
 * downloads: the last path segment (either slash), NFC, no control or bidi characters, no lone
 * surrogates, no characters Windows refuses in file names, no leading dots, ending in `.pdf`
 * (every stored document is a PDF, so "gpj.exe" becomes "gpj.exe.pdf"), at most 200 characters.
 * Never used as a path: files are stored under their hash.
 */
export function cleanDocumentName(raw: string | null | undefined): string {
  const last = (raw ?? '').split(/[\\/]/).pop() ?? '';
  let name = last
    .normalize('NFC')
    .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]|\p{Cs}/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (!name) return FALLBACK;
  if (!/\.pdf$/i.test(name)) name = `${name}.pdf`;
  else name = `${name.slice(0, -4)}.pdf`;
  if (name.length > MAX_NAME_LENGTH) name = `${name.slice(0, MAX_NAME_LENGTH - 4).trimEnd()}.pdf`;
  return name;
}

/** A document name typed by a person (a rename): one line of text, then cleaned as above. */
export const DocumentName = Text(255).transform(cleanDocumentName);
