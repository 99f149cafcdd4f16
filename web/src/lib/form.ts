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
import { z } from 'zod';
import type { FieldIssue } from '@icabinet/shared';
import { i18next } from './i18n';
import type { FormErrors, ValidationError } from './validation';

/**
 * Forms validate with the shared zod schemas, so a form refuses exactly what the server would;
 * the catalogue gives the wording. Codes some shared schemas carry as their message (`phone`,
 * `unit_code`…) name the catalogue entry for that rule.
 */
const SCHEMA_CODES = {
  phone: 'phone',
  unit_code: 'unitCode',
  username: 'username',
  password_too_short: 'passwordTooShort',
  email: 'email',
} as const satisfies Record<string, ValidationError['key']>;

/** Catalogue keys a form's own refinement may give as an issue's message. */
const FORM_KEYS = ['required', 'passwordTooShort', 'passwordSame', 'passwordMismatch'] as const;

/**
 * A refinement that reports the checks of a `validate…` function (which returns catalogue keys
 * per field) as issues on those fields.
 */
export function refineWith<V, F extends string>(validate: (v: V) => FormErrors<F>) {
  return (value: V, ctx: z.RefinementCtx): void => {
    for (const [field, e] of Object.entries(validate(value)) as [F, ValidationError | undefined][])
      if (e && e.key !== 'tooLong') ctx.addIssue({ code: 'custom', path: [field], message: e.key });
  };
}

/** The fields of a zod issue the form's wording depends on (zod's raw issue, loosely). */
interface IssueLike {
  code?: string;
  origin?: string;
  format?: string;
  input?: unknown;
  maximum?: unknown;
  minimum?: unknown;
}

/** The rule a zod issue broke, as a catalogue key; undefined when the catalogue has no words for it. */
export function issueError(iss: IssueLike & { message?: string }): ValidationError | undefined {
  if (iss.message !== undefined && iss.message in SCHEMA_CODES)
    return { key: SCHEMA_CODES[iss.message as keyof typeof SCHEMA_CODES] };
  if (iss.code === 'too_small' && typeof iss.input === 'string' && iss.input.trim() === '')
    return { key: 'required' };
  if (iss.code === 'too_small' && iss.origin === 'string' && Number(iss.minimum) <= 1)
    return { key: 'required' };
  if (iss.code === 'invalid_type' && (iss.input === undefined || iss.input === null))
    return { key: 'required' };
  if (iss.code === 'too_big' && iss.origin === 'string') return { key: 'tooLong', max: Number(iss.maximum) };
  if (iss.code === 'invalid_format' && iss.format === 'email') return { key: 'email' };
  return undefined;
}

const textOf = (e: ValidationError): string =>
  e.key === 'tooLong'
    ? i18next.t('validation.tooLong', { max: String(e.max) })
    : i18next.t(`validation.${e.key}`);

/** The catalogue's sentence for a zod issue, or undefined to keep the schema's own message. */
export function issueText(iss: IssueLike): string | undefined {
  const e = issueError(iss);
  return e ? textOf(e) : undefined;
}

/** A field error's sentence in the interface language. */
export function errorMessage(error: FieldError | undefined): string | undefined {
  const message = error?.message;
  if (!message) return undefined;
  if (message in SCHEMA_CODES) return textOf({ key: SCHEMA_CODES[message as keyof typeof SCHEMA_CODES] });
  const key = FORM_KEYS.find((k) => k === message);
  return key ? textOf({ key }) : message;
}

/** Checks values with a schema outside a form: the first broken rule of each top-level field. */
export function validateWith<F extends string>(schema: z.ZodType, values: unknown): FormErrors<F> {
  const result = schema.safeParse(values, { reportInput: true });
  const out: FormErrors<F> = {};
  if (result.success) return out;
  for (const iss of result.error.issues) {
    const field = String(iss.path[0] ?? '') as F;
    const e = issueError(iss);
    if (field && e && !out[field]) out[field] = e;
  }
  return out;
}

/** An optional text input: empty, or valid by the shared rule `rule` (its message names the catalogue entry). */
export const blankOr = (rule: z.ZodType, code: keyof typeof SCHEMA_CODES) =>
  z.string().refine((v) => v.trim() === '' || rule.safeParse(v).success, { message: code });

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
 * fields (the first one takes the focus); `rename` maps a body path to the form's field where they
 * differ. Returns whether any issue landed on a field.
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
    // The first refused field takes the focus, so a keyboard or screen-reader user lands on it.
    setError(name, { type: 'server', message: issue.message }, { shouldFocus: !landed });
    landed = true;
  }
  return landed;
}

/** An issue's message for a form: a schema code stays (worded at display), anything else in the catalogue's words. */
const formMessage = (iss: z.core.$ZodIssue): string =>
  iss.message in SCHEMA_CODES ? iss.message : (issueText(iss) ?? iss.message);

/**
 * A text input checked by a shared rule whose input is wider than a string (`OptionalText`,
 * say): the rule's own issues are reported, worded by the form's catalogue.
 */
export const textInput = (rule: z.ZodType) =>
  z.string().superRefine((value, ctx) => {
    const result = rule.safeParse(value, { reportInput: true });
    if (!result.success)
      for (const iss of result.error.issues) ctx.addIssue({ ...iss, message: formMessage(iss) });
  });

/**
 * A `superRefine` that checks the body a form will send with the shared schema the server uses,
 * and reports each issue on the form field it came from (`rename` maps body paths such as
 * `deputy.email` to field names where they differ).
 */
export function refineAsBody<V>(
  toBody: (v: V) => unknown,
  schema: z.ZodType,
  rename: Record<string, string> = {},
) {
  return (value: V, ctx: z.RefinementCtx): void => {
    const result = schema.safeParse(toBody(value), { reportInput: true });
    if (result.success) return;
    for (const iss of result.error.issues) {
      const path = iss.path.join('.');
      ctx.addIssue({ ...iss, path: [rename[path] ?? path], message: formMessage(iss) });
    }
  };
}
