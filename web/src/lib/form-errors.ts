import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { TFunction } from 'i18next';
import type { FieldIssue } from '@icabinet/shared';
import { ApiError } from './api-error';
import { errorText } from './errors';

/** What a form shows after the server refused it: a message under each field, and the rest. */
export interface ServerFieldErrors<F extends string> {
  /** The server's message for each field of the form it named. */
  fields: Partial<Record<F, string>>;
  /** What no field can show (another kind of failure, or an issue about no field), or null. */
  general: string | null;
}

/** The form field an issue's path names: the whole path, an alias, its last or its first segment. */
function fieldOf<F extends string>(
  path: string,
  fields: readonly F[],
  aliases: Readonly<Record<string, F>>,
): F | null {
  const segments = path.split('.').filter((s) => s !== '' && !/^\d+$/.test(s));
  const candidates = [path, aliases[path], segments[segments.length - 1], segments[0]];
  for (const c of candidates) {
    if (c !== undefined && (fields as readonly string[]).includes(c)) return c as F;
    if (c !== undefined && aliases[c] !== undefined) return aliases[c];
  }
  return null;
}

/**
 * Maps a refused request's `error.issues` to the form's fields (e.g. `guest.email` → `email`),
 * so each message stands next to its input. Issues that name no field of the form, and failures
 * that are not field issues, become `general` — in words, never dropped.
 */
export function serverFieldErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
  t: TFunction,
  aliases: Readonly<Record<string, F>> = {},
): ServerFieldErrors<F> {
  if (!(error instanceof ApiError) || error.issues.length === 0) {
    return { fields: {}, general: errorText(error, t) };
  }
  const byField: Partial<Record<F, string>> = {};
  const unplaced: FieldIssue[] = [];
  for (const issue of error.issues) {
    const field = fieldOf(issue.path, fields, aliases);
    if (field === null) unplaced.push(issue);
    else byField[field] ??= issue.message;
  }
  const general =
    unplaced.length === 0
      ? null
      : [error.message, ...unplaced.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))].join(' ');
  return { fields: byField, general };
}

/**
 * Moves the focus to the first field marked invalid (`aria-invalid="true"`) inside `scope`
 * once the errors are drawn: call `focusFirstInvalid()` right after setting them.
 */
export function useFocusFirstInvalid(): {
  scope: RefObject<HTMLElement | null>;
  focusFirstInvalid: () => void;
} {
  const scope = useRef<HTMLElement | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (attempt === 0) return;
    scope.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);
  const focusFirstInvalid = useCallback(() => setAttempt((a) => a + 1), []);
  return { scope, focusFirstInvalid };
}

/**
 * Server field errors as form state: `fail(error)` shows them and moves the focus to the first
 * field marked invalid inside `scope` (so a person on a tablet sees what to fix, not a message
 * scrolled out of view); `clear(field)` drops one when the person edits it.
 */
export function useServerFieldErrors<F extends string>(
  fields: readonly F[],
  t: TFunction,
  aliases: Readonly<Record<string, F>> = {},
): {
  errors: Partial<Record<F, string>>;
  general: string | null;
  fail: (error: unknown) => void;
  clear: (field?: F) => void;
  scope: RefObject<HTMLElement | null>;
} {
  const [state, setState] = useState<ServerFieldErrors<F>>({ fields: {}, general: null });
  const { scope, focusFirstInvalid } = useFocusFirstInvalid();
  const fieldsRef = useRef(fields);
  fieldsRef.current = fields;
  const aliasesRef = useRef(aliases);
  aliasesRef.current = aliases;

  const fail = useCallback(
    (error: unknown) => {
      setState(serverFieldErrors(error, fieldsRef.current, t, aliasesRef.current));
      focusFirstInvalid();
    },
    [t, focusFirstInvalid],
  );
  const clear = useCallback((field?: F) => {
    setState((s) => {
      if (field === undefined) return { fields: {}, general: null };
      if (s.fields[field] === undefined) return s;
      const next = { ...s.fields };
      delete next[field];
      return { ...s, fields: next };
    });
  }, []);
  return { errors: state.fields, general: state.general, fail, clear, scope };
}
