import { useCallback, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiScope, type ApiToken, type ApiTokenCreated } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import type { Column } from '../../components/ResponsiveList';
import { useToast } from '../../components/Toast';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { useSubmit } from '../../lib/useSubmit';
import { IntegrationListSection } from './IntegrationListSection';
import { integrationsApi } from './integrations.api';
import { issueOf } from './SettingsMeta';

/** Cài đặt hệ thống → API token: tokens for the city's other systems, shown once, revocable. */
export function ApiTokensSection(): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const load = useCallback((signal: AbortSignal) => integrationsApi.tokens(signal), []);
  const list = useResource(load);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
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
    <IntegrationListSection
      id="api-tokens"
      title={t('apiTokens.title')}
      hint={t('apiTokens.hint')}
      createLabel={t('apiTokens.create')}
      onCreate={() => setCreating(true)}
      list={list}
      empty={{ icon: 'key', title: t('apiTokens.emptyTitle'), text: t('apiTokens.emptyText') }}
      columns={columns}
      muted={(x) => x.revokedAt !== null}
      actions={(x, askRemove) =>
        x.revokedAt ? null : (
          <Button variant="danger" icon="trash" onClick={askRemove}>
            {t('apiTokens.revoke')}
          </Button>
        )
      }
      remove={{
        title: t('apiTokens.revokeTitle'),
        text: (x) => t('apiTokens.revokeText', { name: x.name }),
        label: t('apiTokens.revoke'),
        run: async (x) => {
          await integrationsApi.revokeToken(x.id);
          toast.show('success', t('apiTokens.revokedToast'));
          list.reload();
        },
      }}
      secret={{
        shown: created && { name: created.token.name, secret: created.secret },
        title: t('apiTokens.createdTitle'),
        hint: t('apiTokens.createdHint'),
        testId: 'api-token-secret',
        onClose: () => setCreated(null),
      }}
    >
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
    </IntegrationListSection>
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
  const [error, setError] = useState<unknown>(null);
  const { busy, submit } = useSubmit();
  return (
    <FormDialog
      title={t('apiTokens.create')}
      onClose={onClose}
      busy={busy}
      onSubmit={() => {
        setError(null);
        void submit(async () => onCreated(await integrationsApi.createToken({ name, scopes })), setError);
      }}
      submitLabel={t('apiTokens.create')}
      submitIcon="key"
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
    </FormDialog>
  );
}
