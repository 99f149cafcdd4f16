import { signaturesContract, type VerifyReport } from '@icabinet/shared';
import { ApiError, urlOf } from '../../lib/api';
import { parseApiError } from '../../lib/api-error';
import { currentLanguage, i18next } from '../../lib/i18n';

/** Sends a PDF to `POST /api/signatures/verify` (multipart) and answers the report. */
export async function verifyPdf(file: File, signal?: AbortSignal): Promise<VerifyReport> {
  const form = new FormData();
  form.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(urlOf(signaturesContract.verify, {}), {
      method: 'POST',
      body: form,
      headers: { Accept: 'application/json', 'Accept-Language': currentLanguage() },
      credentials: 'same-origin',
      signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', i18next.t('errors.network'));
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    body = null;
  }
  if (!res.ok)
    throw parseApiError(res.status, body, res.headers.get('Retry-After'), i18next.t('errors.unknown'));
  return body as VerifyReport;
}
