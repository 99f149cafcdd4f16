import { documentsContract, type DocumentClassification, type MeetingDocument } from '@icabinet/shared';
import { urlOf } from '../../lib/api';
import { ApiError, parseApiError } from '../../lib/api-error';
import { currentLanguage, i18next } from '../../lib/i18n';

/** Where one file's upload stands. */
export type UploadState =
  | { status: 'queued' }
  | { status: 'uploading'; loaded: number; total: number }
  | { status: 'processing' }
  | { status: 'done'; document: MeetingDocument }
  | { status: 'failed'; message: string };

export interface UploadTarget {
  meetingId: string;
  agendaItemId: string | null;
  classification: DocumentClassification;
  /** Upload a new version of this document instead of a new document. */
  replaces?: string;
}

/** What the browser can tell before sending: only PDFs, and nothing empty. */
export function precheck(file: File): string | null {
  const pdfName = /\.pdf$/i.test(file.name);
  if (!pdfName && file.type !== 'application/pdf') return i18next.t('documents.errors.notPdf');
  if (file.size === 0) return i18next.t('documents.errors.empty');
  return null;
}

/**
 * Uploads one PDF with XMLHttpRequest, the only browser API that reports upload progress.
 * Text fields go before the file part, as the server reads them while streaming.
 */
export function uploadDocument(
  target: UploadTarget,
  file: File,
  onState: (state: UploadState) => void,
): { promise: Promise<MeetingDocument>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<MeetingDocument>((resolve, reject) => {
    const form = new FormData();
    if (target.agendaItemId) form.append('agendaItemId', target.agendaItemId);
    form.append('openBy', target.classification.openBy);
    form.append('download', String(target.classification.download));
    form.append('watermark', String(target.classification.watermark));
    form.append('file', file, file.name);

    const endpoint = target.replaces
      ? { contract: documentsContract.addVersion, id: target.replaces }
      : { contract: documentsContract.upload, id: target.meetingId };
    xhr.open(endpoint.contract.method, urlOf(endpoint.contract, { params: { id: endpoint.id } }));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLanguage());
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onState({ status: 'uploading', loaded: e.loaded, total: e.total });
    };
    // Every byte is sent; the server now checks and indexes the PDF.
    xhr.upload.onload = () => onState({ status: 'processing' });
    xhr.onerror = () => {
      const message = i18next.t('errors.network');
      onState({ status: 'failed', message });
      reject(new ApiError(0, 'network', message));
    };
    xhr.onabort = () => {
      const message = i18next.t('documents.aborted');
      onState({ status: 'failed', message });
      reject(new ApiError(0, 'network', message));
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const reply = body as { items?: MeetingDocument[]; document?: MeetingDocument } | null;
        const document = reply?.document ?? reply?.items?.[0];
        if (document) {
          onState({ status: 'done', document });
          resolve(document);
          return;
        }
      }
      // A 2xx without our JSON (e.g. the web app's page served for /api): say so, as the API client does.
      const ok = xhr.status >= 200 && xhr.status < 300;
      const error = ok
        ? new ApiError(
            xhr.status,
            'bad_response',
            i18next.t('errors.notJson', { status: String(xhr.status) }),
          )
        : xhr.status === 413 && body === null
          ? new ApiError(413, 'payload_too_large', i18next.t('documents.errors.tooLarge'))
          : parseApiError(
              xhr.status,
              body,
              xhr.getResponseHeader('Retry-After'),
              i18next.t('errors.unknown'),
            );
      onState({ status: 'failed', message: error.message });
      reject(error);
    };
    onState({ status: 'uploading', loaded: 0, total: file.size });
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
