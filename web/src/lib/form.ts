import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback } from 'react';
import {
  useForm,
  type DefaultValues,
  type FieldError,
  type FieldPath,
  type FieldValues,
  type UseFormReturn,
  type UseFormSetError,
} from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { FieldIssue } from '@icabinet/shared';
import { i18next } from './i18n';

/**
 * Forms validate with the shared zod schemas, so a form refuses exactly what the server would;
 * the catalogue gives the wording. Codes some shared schemas carry as their message (`phone`,
 * `unit_code`…) name the catalogue entry for that rule.
 */
const SCHEMA_CODES = {
  phone: 'validation.phone',
  unit_code: 'validation.unitCode',
  username: 'validation.username',
  password_too_short: 'validation.passwordTooShort',
} as const;

/** The fields of a zod issue the form's wording depends on (zod's raw issue, loosely). */
interface IssueLike {
  code?: string;
  origin?: string;
  format?: string;
  input?: unknown;
  maximum?: unknown;
  minimum?: unknown;
}

/** The catalogue's sentence for a zod issue, or undefined to keep the schema's own message. */
export function issueText(iss: IssueLike): string | undefined {
  const t = i18next.t.bind(i18next);
  if (iss.code === 'too_small' && typeof iss.input === 'string' && iss.input.trim() === '')
    return t('validation.required');
  if (iss.code === 'too_small' && iss.origin === 'string' && Number(iss.minimum) <= 1)
    return t('validation.required');
  if (iss.code === 'invalid_type' && (iss.input === undefined || iss.input === null))
    return t('validation.required');
  if (iss.code === 'too_big' && iss.origin === 'string')
    return t('validation.tooLong', { max: String(iss.maximum as number) });
  if (iss.code === 'invalid_format' && iss.format === 'email') return t('validation.email');
  return undefined;
}

/** A field error's sentence in the interface language. */
export function errorMessage(error: FieldError | undefined): string | undefined {
  const message = error?.message;
  if (!message) return undefined;
  return message in SCHEMA_CODES ? i18next.t(SCHEMA_CODES[message as keyof typeof SCHEMA_CODES]) : message;
}

/**
 * `useForm` validating with a shared zod schema on submit (then again as fields change), with
 * messages from the catalogue. `errorOf(name)` gives a field's message for `<TextField error>`.
 */
export function useZodForm<S extends z.ZodType<unknown, FieldValues>>(
  schema: S,
  defaultValues: DefaultValues<z.input<S>>,
): UseFormReturn<z.input<S>, unknown, z.output<S>> & {
  errorOf: (name: FieldPath<z.input<S>>) => string | undefined;
} {
  useTranslation(); // re-render with the new wording when the language changes
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema, { error: (iss) => issueText(iss as IssueLike) }),
    defaultValues,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const { errors } = form.formState;
  const errorOf = useCallback(
    (name: FieldPath<z.input<S>>) => errorMessage(form.getFieldState(name, form.formState).error),
    // formState.errors changes identity on every validation
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [form, errors],
  );
  return { ...form, errorOf };
}

/**
 * Puts the server's field issues (`error.issues`, paths like `deputy.email`) on the matching
 * fields; `rename` maps a body path to the form's field where they differ. Returns whether any
 * issue landed on a field.
 */
export function setServerIssues<V extends FieldValues>(
  setError: UseFormSetError<V>,
  issues: readonly FieldIssue[],
  fields: readonly FieldPath<V>[],
  rename: Partial<Record<string, FieldPath<V>>> = {},
): boolean {
  let landed = false;
  const done = new Set<string>();
  for (const issue of issues) {
    const name = rename[issue.path] ?? fields.find((f) => f === issue.path || issue.path.startsWith(`${f}.`));
    if (!name || done.has(name)) continue;
    done.add(name);
    setError(name, { type: 'server', message: issue.message });
    landed = true;
  }
  return landed;
}
