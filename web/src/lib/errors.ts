import type { TFunction } from 'i18next';
import { ApiError, minutesToWait } from './api-error';

/** A sentence for the user about any failure, in the interface language. */
export function errorText(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.code === 'rate_limited' && error.retryAfterSeconds !== null) {
      return t('errors.rateLimited', { count: minutesToWait(error.retryAfterSeconds) });
    }
    return error.message;
  }
  return t('errors.unknown');
}
