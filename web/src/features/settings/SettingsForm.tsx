import { Fragment, useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { errorText } from '../../lib/errors';
import { useResource } from '../../lib/useResource';

/**
 * Loads one settings section (`load` must be stable: a module-level function) and renders its form
 * once loaded, keyed by the version read so a reload after someone else's save starts it afresh.
 */
export function SettingsLoader<V extends { version: number }>({
  load,
  render,
}: {
  load: (signal: AbortSignal) => Promise<V>;
  render: (initial: V) => ReactElement;
}): ReactElement {
  const { t } = useTranslation();
  const view = useResource(load);
  if (view.status === 'error') return <ErrorState error={view.error} onRetry={view.reload} />;
  if (!view.data) return <Spinner label={t('common.loading')} />;
  return <Fragment key={view.data.version}>{render(view.data)}</Fragment>;
}

/**
 * The state of a settings form: the view last saved (its version goes with the next save), whether
 * a save is under way, and the error of the last one (a refused save keeps what was typed).
 */
export function useSettingsSave<V>(initial: V): {
  view: V;
  busy: boolean;
  /** An API error (its field issues go to the fields) or a message of the form's own. */
  error: unknown;
  setError: (error: unknown) => void;
  save: (send: (current: V) => Promise<V>, after?: () => void) => Promise<void>;
} {
  const { t } = useTranslation();
  const toast = useToast();
  const [view, setView] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = async (send: (current: V) => Promise<V>, after?: () => void) => {
    setBusy(true);
    setError(null);
    try {
      setView(await send(view));
      after?.();
      toast.show('success', t('systemSettings.saved'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { view, busy, error, setError, save };
}

/** A settings section's form: the error of the last save, one titled panel and the save button. */
export function SettingsFormShell({
  id,
  title,
  hint,
  error,
  busy,
  onSubmit,
  children,
}: {
  /** The panel's id prefix (`<id>-title` labels it). */
  id: string;
  title: string;
  hint: string;
  error: unknown;
  busy: boolean;
  onSubmit: () => void;
  children: ReactNode;
}): ReactElement {
  const { t } = useTranslation();
  return (
    <form
      className="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {error !== null && (
        <Alert kind="error">{typeof error === 'string' ? error : errorText(error, t)}</Alert>
      )}
      <section className="panel" aria-labelledby={`${id}-title`}>
        <h2 className="panel__title" id={`${id}-title`}>
          {title}
        </h2>
        <p className="muted">{hint}</p>
        {children}
      </section>
      <div className="form__actions">
        <Button type="submit" variant="primary" icon="check" busy={busy}>
          {t('systemSettings.save')}
        </Button>
      </div>
    </form>
  );
}
