import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * What `pdfsig` (poppler-utils, the independent verifier) says of a PDF's signatures. It exits 1
 * for an unsigned file (and for some damaged ones); its report is what the tests read either way.
 */
export async function pdfsig(file: string): Promise<string> {
  try {
    return (await run('pdfsig', [file])).stdout;
  } catch (e) {
    return (e as { stdout?: string }).stdout ?? '';
  }
}
