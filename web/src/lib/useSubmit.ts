import { useCallback, useState } from 'react';

/**
 * A form's submission: `busy` while `work` runs. A failure goes to `onError` and frees the form
 * to try again; a success leaves it busy, since the dialog it belongs to closes.
 */
export function useSubmit(): {
  busy: boolean;
  submit: (work: () => Promise<void>, onError: (error: unknown) => void) => Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  const submit = useCallback(async (work: () => Promise<void>, onError: (error: unknown) => void) => {
    setBusy(true);
    try {
      await work();
    } catch (e) {
      onError(e);
      setBusy(false);
    }
  }, []);
  return { busy, submit };
}
