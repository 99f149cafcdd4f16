import {
  signaturesContract,
  type SignableDocumentType,
  type SignedDocumentSummary,
  type VerifyReport,
} from '@icabinet/shared';
import { ApiError, call, urlOf } from '../../lib/api';
import { parseApiError } from '../../lib/api-error';
import { currentLanguage, i18next } from '../../lib/i18n';

/** Sends a PDF to `POST /api/signatures/verify` (multipart) and answers the report. */
export function verifyPdf(file: File, signal?: AbortSignal): Promise<VerifyReport> {
  const form = new FormData();
  form.append('file', file, file.name);
  return postForm<VerifyReport>(urlOf(signaturesContract.verify, {}), form, signal);
}

/**
 * Signs one of the meeting's official documents with a .p12 and its password (sent once, over
 * this request only). A document with an approval flow (the conclusion notice) names the
 * flow's version the signer saw.
 */
export function signDocument(
  meetingId: string,
  type: SignableDocumentType,
  p12: File,
  password: string,
  version?: number,
): Promise<{ document: SignedDocumentSummary }> {
  const form = new FormData();
  form.append('password', password);
  if (version !== undefined) form.append('version', String(version));
  form.append('p12', p12, p12.name);
  const url = urlOf(signaturesContract.signP12, { params: { id: meetingId, type } });
  return postForm<{ document: SignedDocumentSummary }>(url, form);
}

/** Who has signed the document (null: nobody yet). */
export const documentSignatures = (meetingId: string, type: SignableDocumentType, signal?: AbortSignal) =>
  call(signaturesContract.status, { params: { id: meetingId, type }, signal });

/** Where the signed document downloads from. */
export const signedDocumentUrl = (meetingId: string, type: SignableDocumentType): string =>
  urlOf(signaturesContract.signedPdf, { params: { id: meetingId, type } });

async function postForm<T>(url: string, form: FormData, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
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
  return body as T;
}
