import { readFile } from 'node:fs/promises';
import { findSignatures } from './verify.js';

/**
 * Whether a stored PDF carries a digital signature (a /ByteRange of a signature dictionary).
 * The document pipeline asks before it would rewrite a file (watermarked copies): signed PDFs
 * are delivered byte for byte.
 */
export async function isSignedPdfFile(path: string): Promise<boolean> {
  const bytes = await readFile(path);
  return findSignatures(bytes).length > 0;
}
