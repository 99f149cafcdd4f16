import { useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import type { IconName } from '../../components/Icon';
import { ResponsiveList, type Column } from '../../components/ResponsiveList';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import type { Resource } from '../../lib/useResource';
import { SecretOnceDialog } from './SecretOnceDialog';

/**
 * A settings section of what the city's other systems are given (API tokens, webhooks): the title
 * with "create", a hint, the list with its loading, failure and empty states, each row's actions,
 * the secret shown once after one is made, and the question before one is removed (the section
 * asks; `remove.run` does it). The create and edit dialogs are the caller's (`children`).
 */
export function IntegrationListSection<T extends { id: string; name: string }>({
  id,
  title,
  hint,
  createLabel,
  onCreate,
  list,
  empty,
  columns,
  muted,
  actions,
  remove,
  secret,
  children,
}: {
  /** Names the heading (`${id}-title`) the section is labelled by. */
  id: string;
  title: string;
  hint: string;
  createLabel: string;
  onCreate: () => void;
  list: Resource<{ items: T[] }> & { reload: () => void };
  empty: { icon: IconName; title: string; text: string };
  columns: Column<T>[];
  muted: (row: T) => boolean;
  /** A row's buttons; `askRemove` opens the question before removing it. */
  actions: (row: T, askRemove: () => void) => ReactNode;
  remove: { title: string; text: (row: T) => string; label: string; run: (row: T) => Promise<void> };
  /** The secret of what was just made, shown once until closed. */
  secret: {
    shown: { name: string; secret: string } | null;
    title: string;
    hint: string;
    testId: string;
    onClose: () => void;
  };
  children?: ReactNode;
}): ReactElement {
  const { t } = useTranslation();
  const [removing, setRemoving] = useState<T | null>(null);
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <div className="panel__head">
        <h2 className="panel__title" id={`${id}-title`}>
          {title}
        </h2>
        <Button variant="primary" icon="plus" onClick={onCreate}>
          {createLabel}
        </Button>
      </div>
      <p className="muted">{hint}</p>
      {list.status === 'error' ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Spinner label={t('common.loading')} />
      ) : list.data.items.length === 0 ? (
        <EmptyState icon={empty.icon} title={empty.title} text={empty.text} />
      ) : (
        <ResponsiveList
          items={list.data.items}
          columns={columns}
          rowKey={(x) => x.id}
          caption={title}
          cardTitle={(x) => x.name}
          muted={muted}
          actions={(x) => actions(x, () => setRemoving(x))}
        />
      )}
      {children}
      {secret.shown && (
        <SecretOnceDialog
          title={secret.title}
          name={secret.shown.name}
          secret={secret.shown.secret}
          hint={secret.hint}
          testId={secret.testId}
          onClose={secret.onClose}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={remove.title}
          text={remove.text(removing)}
          confirmLabel={remove.label}
          danger
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await remove.run(removing);
            setRemoving(null);
          }}
        />
      )}
    </section>
  );
}
