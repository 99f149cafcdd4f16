import { SignPdf } from '@signpdf/signpdf';
import type { Signer } from '@signpdf/utils';
import { addSignaturePlaceholder, type PlaceholderInput } from './pdf-increment.js';

/** Without marks: the signature dictionary's /Name and /Reason are PDF text strings in Latin-1. */
export const ascii = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '?');

/**
 * Signs `pdf` (PAdES, adbe.pkcs7.detached): an incremental update with the visible block and an
 * empty signature, then @signpdf fills the byte ranges and embeds the CMS `signer` makes. An
 * earlier signature in `pdf` stays valid: its bytes are not touched.
 */
export async function signPdf(pdf: Buffer, signer: Signer, input: PlaceholderInput): Promise<Buffer> {
  const prepared = await addSignaturePlaceholder(pdf, input);
  return new SignPdf().sign(prepared, signer, input.signingTime);
}
