import { useCallback, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiScope, type ApiToken, type ApiTokenCreated } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { ResponsiveList, type Column } from '../../components/ResponsiveList';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { integrationsApi } from './integrations.api';
import { issueOf } from './SettingsMeta';
import { SecretOnceDialog } from './SecretOnceDialog';

/** Cài đặt hệ thống → API token: tokens for the city's other systems, shown once, revocable. */
export function ApiTokensSection(): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const load = useCallback((signal: AbortSignal) => integrationsApi.tokens(signal), []);
  const list = useResource(load);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const when = (iso: string | null) => (iso ? formatDateTime(iso, currentLanguage()) : t('apiTokens.never'));

  const columns: Column<ApiToken>[] = [
    { key: 'name', header: t('apiTokens.columns.name'), render: (x) => x.name, hideOnCard: true },
    {
      key: 'prefix',
      header: t('apiTokens.columns.prefix'),
      render: (x) => <code translate="no">{x.prefix}…</code>,
    },
    { key: 'scopes', header: t('apiTokens.columns.scopes'), render: (x) => x.scopes.join(', ') },
    { key: 'created', header: t('apiTokens.columns.created'), render: (x) => when(x.createdAt) },
    { key: 'lastUsed', header: t('apiTokens.columns.lastUsed'), render: (x) => when(x.lastUsedAt) },
    {
      key: 'status',
      header: t('apiTokens.columns.status'),
      render: (x) =>
        x.revokedAt ? (
          <Badge tone="grey">{t('apiTokens.revoked')}</Badge>
        ) : (
          <Badge tone="green">{t('apiTokens.active')}</Badge>
        ),
    },
  ];

  return (
    <section className="panel" aria-labelledby="api-tokens-title">
      <div className="panel__head">
        <h2 className="panel__title" id="api-tokens-title">
          {t('apiTokens.title')}
        </h2>
        <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
          {t('apiTokens.create')}
        </Button>
      </div>
      <p className="muted">{t('apiTokens.hint')}</p>
      {list.status === 'error' ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Spinner label={t('common.loading')} />
      ) : list.data.items.length === 0 ? (
        <EmptyState icon="key" title={t('apiTokens.emptyTitle')} text={t('apiTokens.emptyText')} />
      ) : (
        <ResponsiveList
          items={list.data.items}
          columns={columns}
          rowKey={(x) => x.id}
          caption={t('apiTokens.title')}
          cardTitle={(x) => x.name}
          muted={(x) => x.revokedAt !== null}
          actions={(x) =>
            x.revokedAt ? null : (
              <Button variant="danger" icon="trash" onClick={() => setRevoking(x)}>
                {t('apiTokens.revoke')}
              </Button>
            )
          }
        />
      )}
      {creating && (
        <CreateTokenDialog
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            setCreated(c);
            list.reload();
          }}
        />
      )}
      {created && (
        <SecretOnceDialog
          title={t('apiTokens.createdTitle')}
          name={created.token.name}
          secret={created.secret}
          hint={t('apiTokens.createdHint')}
          testId="api-token-secret"
          onClose={() => setCreated(null)}
        />
      )}
      {revoking && (
        <ConfirmDialog
          title={t('apiTokens.revokeTitle')}
          text={t('apiTokens.revokeText', { name: revoking.name })}
          confirmLabel={t('apiTokens.revoke')}
          danger
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await integrationsApi.revokeToken(revoking.id);
            setRevoking(null);
            toast.show('success', t('apiTokens.revokedToast'));
            list.reload();
          }}
        />
      )}
    </section>
  );
}

function CreateTokenDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (created: ApiTokenCreated) => void;
}): ReactElement {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>(['documents:read']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      onCreated(await integrationsApi.createToken({ name, scopes }));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t('apiTokens.create')}
      onClose={onClose}
      busy={busy}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" icon="key" busy={busy}>
            {t('apiTokens.create')}
          </Button>
        </>
      }
    >
      {error !== null && <Alert kind="error">{errorText(error, t)}</Alert>}
      <TextField
        label={t('apiTokens.name')}
        hint={t('apiTokens.nameHint')}
        value={name}
        maxLength={100}
        onChange={(e) => setName(e.target.value)}
        error={issueOf(error, 'name')}
        autoFocus
      />
      <fieldset className="checks">
        <legend>{t('apiTokens.scopes')}</legend>
        {ApiScope.options.map((scope) => (
          <label key={scope} className="checkbox">
            <input
              type="checkbox"
              checked={scopes.includes(scope)}
              onChange={(e) =>
                setScopes((s) => (e.target.checked ? [...s, scope] : s.filter((x) => x !== scope)))
              }
            />
            <span>{(t as (key: string) => string)(`apiTokens.scope.${scope.replace(':', '_')}`)}</span>
          </label>
        ))}
      </fieldset>
      {issueOf(error, 'scopes') && <Alert kind="error">{issueOf(error, 'scopes')}</Alert>}
    </Dialog>
  );
}
