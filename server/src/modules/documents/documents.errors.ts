import { ErrorCode } from '@icabinet/shared';
import { AppError } from '../../errors.js';
import type { MessageKey, MessageParams } from '../../i18n/messages.js';

/** An AppError whose HTTP status is not the code's usual one (422 for unreadable PDFs, 416). */
class StatusError extends AppError {
  constructor(
    private readonly httpStatus: number,
    code: ErrorCode,
    key: MessageKey,
    params: MessageParams = {},
    headers: Record<string, string> = {},
  ) {
    super(code, key, params, [], headers);
  }

  override get status(): number {
    return this.httpStatus;
  }
}

/** Error factories of the document library. */
export const documentErrors = {
  /** 422: the file arrived but cannot be used (damaged, encrypted, too many pages, too slow). */
  unprocessable: (key: MessageKey, params?: MessageParams) =>
    new StatusError(422, ErrorCode.invalid_input, key, params),
  /** 416 with the size, for a Range outside the file. */
  rangeNotSatisfiable: (size: number) =>
    new StatusError(
      416,
      ErrorCode.invalid_input,
      'document_range',
      {},
      { 'Content-Range': `bytes */${size}` },
    ),
  /** 412: `If-Match` names another version of the file than the one stored. */
  preconditionFailed: () => new StatusError(412, ErrorCode.conflict, 'document_precondition'),
  notFound: () => new AppError(ErrorCode.not_found, 'document_not_found'),
};
