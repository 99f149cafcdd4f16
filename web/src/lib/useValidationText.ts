import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValidationError } from './validation';

/** Turns a validation failure into a sentence in the interface language. */
export function useValidationText(): (error: ValidationError | undefined) => string | undefined {
  const { t } = useTranslation();
  return useCallback(
    (error: ValidationError | undefined) => {
      if (!error) return undefined;
      return error.key === 'tooLong'
        ? t('validation.tooLong', { max: String(error.max) })
        : t(`validation.${error.key}`);
    },
    [t],
  );
}
