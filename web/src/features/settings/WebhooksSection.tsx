import { useCallback, useEffect, useState, type ReactElement } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  WebhookDeliveryStatus,
  WebhookEventType,
  type Webhook,
  type WebhookCreated,
  type WebhookDelivery,
} from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Select, TextField } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { Pagination } from '../../components/Pagination';
import { ResponsiveList, type Column } from '../../components/ResponsiveList';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { useSubmit } from '../../lib/useSubmit';
import { IntegrationListSection } from './IntegrationListSection';
import { integrationsApi } from './integrations.api';
import { issueOf } from './SettingsMeta';

const STATUS_TONE: Record<WebhookDeliveryStatus, BadgeTone> = {
  pending: 'blue',
  delivered: 'green',
  failed: 'red',
};
const LOG_PAGE = 20;

/** `meeting.published` → `webhooks.event.meeting_published` (a dot in a key would split it). */
const eventLabel = (t: TFunction, type: WebhookEventType): string =>
  (t as (key: string) => string)(`webhooks.event.${type.replace('.', '_')}`);

/** Cài đặt hệ thống → Webhook sự kiện: the receivers, and the delivery log with re-send. */
export function WebhooksSection(): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const load = useCallback((signal: AbortSignal) => integrationsApi.webhooks(signal), []);
  const list = useResource(load);
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [created, setCreated] = useState<WebhookCreated | null>(null);
  const [logGeneration, setLogGeneration] = useState(0);

  const columns: Column<Webhook>[] = [
    { key: 'name', header: t('webhooks.name'), render: (x) => x.name, hideOnCard: true },
    { key: 'url', header: t('webhooks.url'), render: (x) => <code translate="no">{x.url}</code> },
    {
      key: 'events',
      header: t('webhooks.events'),
      render: (x) => x.events.map((e) => eventLabel(t, e)).join(', '),
    },
    {
      key: 'active',
      header: t('webhooks.active'),
      render: (x) =>
        x.active ? (
          <Badge tone="green">{t('webhooks.on')}</Badge>
        ) : (
          <Badge tone="grey">{t('webhooks.off')}</Badge>
        ),
    },
  ];

  return (
    <>
      <IntegrationListSection
        id="webhooks"
        title={t('webhooks.title')}
        hint={t('webhooks.hint')}
        createLabel={t('webhooks.create')}
        onCreate={() => setEditing('new')}
        list={list}
        empty={{ icon: 'upload', title: t('webhooks.emptyTitle'), text: t('webhooks.emptyText') }}
        columns={columns}
        muted={(x) => !x.active}
        actions={(x, askRemove) => (
          <div className="row-actions">
            <Button icon="edit" onClick={() => setEditing(x)}>
              {t('webhooks.edit')}
            </Button>
            <Button variant="danger" icon="trash" onClick={askRemove}>
              {t('webhooks.remove')}
            </Button>
          </div>
        )}
        remove={{
          title: t('webhooks.removeTitle'),
          text: (x) => t('webhooks.removeText', { name: x.name }),
          label: t('webhooks.remove'),
          run: async (x) => {
            await integrationsApi.removeWebhook(x.id);
            list.reload();
            setLogGeneration((g) => g + 1);
          },
        }}
        secret={{
          shown: created && { name: created.webhook.name, secret: created.secret },
          title: t('webhooks.createdTitle'),
          hint: t('webhooks.createdHint'),
          testId: 'webhook-secret',
          onClose: () => setCreated(null),
        }}
      >
        {editing && (
          <WebhookDialog
            webhook={editing === 'new' ? null : editing}
            onClose={() => setEditing(null)}
            onSaved={(c) => {
              setEditing(null);
              if (c) setCreated(c);
              else toast.show('success', t('webhooks.saved'));
              list.reload();
            }}
          />
        )}
      </IntegrationListSection>
      <DeliveryLog generation={logGeneration} />
    </>
  );
}

function WebhookDialog({
  webhook,
  onClose,
  onSaved,
}: {
  webhook: Webhook | null;
  onClose: () => void;
  /** With the secret when a webhook was created. */
  onSaved: (created: WebhookCreated | null) => void;
}): ReactElement {
  const { t } = useTranslation();
  const [name, setName] = useState(webhook?.name ?? '');
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [events, setEvents] = useState<WebhookEventType[]>(webhook?.events ?? ['meeting.published']);
  const [active, setActive] = useState(webhook?.active ?? true);
  const [error, setError] = useState<unknown>(null);
  const { busy, submit } = useSubmit();
  const save = async () => {
    if (webhook) {
      await integrationsApi.updateWebhook(webhook.id, {
        name,
        url,
        events,
        active,
        version: webhook.version,
      });
      onSaved(null);
    } else onSaved(await integrationsApi.createWebhook({ name, url, events, active }));
  };
  return (
    <FormDialog
      title={webhook ? t('webhooks.editTitle') : t('webhooks.create')}
      onClose={onClose}
      busy={busy}
      size="large"
      onSubmit={() => {
        setError(null);
        void submit(save, setError);
      }}
      submitLabel={webhook ? t('common.save') : t('webhooks.create')}
      submitIcon="check"
    >
      {error !== null && <Alert kind="error">{errorText(error, t)}</Alert>}
      <TextField
        label={t('webhooks.name')}
        hint={t('webhooks.nameHint')}
        value={name}
        maxLength={100}
        onChange={(e) => setName(e.target.value)}
        error={issueOf(error, 'name')}
        autoFocus
      />
      <TextField
        label={t('webhooks.url')}
        hint={t('webhooks.urlHint')}
        type="url"
        inputMode="url"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        error={issueOf(error, 'url')}
      />
      <fieldset className="checks">
        <legend>{t('webhooks.events')}</legend>
        {WebhookEventType.options.map((type) => (
          <label key={type} className="checkbox">
            <input
              type="checkbox"
              checked={events.includes(type)}
              onChange={(e) =>
                setEvents((s) => (e.target.checked ? [...s, type] : s.filter((x) => x !== type)))
              }
            />
            <span>{eventLabel(t, type)}</span>
          </label>
        ))}
      </fieldset>
      {issueOf(error, 'events') && <Alert kind="error">{issueOf(error, 'events')}</Alert>}
      <label className="checkbox">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
        <span>{t('webhooks.active')}</span>
      </label>
    </FormDialog>
  );
}

/** The delivery log: newest first, by status, with re-send. */
function DeliveryLog({ generation }: { generation: number }): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const [status, setStatus] = useState<WebhookDeliveryStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const load = useCallback(
    (signal: AbortSignal) => integrationsApi.deliveries({ ...(status ? { status } : {}), offset }, signal),
    [status, offset],
  );
  const log = useResource(load);
  const { reload } = log;
  // A webhook removed takes its deliveries with it.
  useEffect(() => {
    if (generation > 0) reload();
  }, [generation, reload]);
  const [resending, setResending] = useState<string | null>(null);

  const columns: Column<WebhookDelivery>[] = [
    {
      key: 'at',
      header: t('webhooks.columns.at'),
      render: (d) => formatDateTime(d.createdAt, currentLanguage()),
    },
    { key: 'webhook', header: t('webhooks.columns.webhook'), render: (d) => d.webhookName },
    {
      key: 'event',
      header: t('webhooks.columns.event'),
      render: (d) => eventLabel(t, d.eventType),
      hideOnCard: true,
    },
    {
      key: 'status',
      header: t('webhooks.columns.status'),
      render: (d) => <Badge tone={STATUS_TONE[d.status]}>{t(`webhooks.status.${d.status}`)}</Badge>,
    },
    { key: 'attempts', header: t('webhooks.columns.attempts'), render: (d) => String(d.attempts) },
    {
      key: 'lastError',
      header: t('webhooks.columns.lastError'),
      render: (d) => d.lastError ?? '—',
    },
  ];

  return (
    <section className="panel" aria-labelledby="webhook-log-title">
      <div className="panel__head">
        <h2 className="panel__title" id="webhook-log-title">
          {t('webhooks.log')}
        </h2>
        <Button icon="refresh" onClick={() => reload()}>
          {t('webhooks.refresh')}
        </Button>
      </div>
      <Select
        label={t('webhooks.filterStatus')}
        value={status}
        onChange={(e) => {
          setStatus(e.target.value as WebhookDeliveryStatus | '');
          setOffset(0);
        }}
        options={[
          { value: '', label: t('webhooks.allStatuses') },
          ...WebhookDeliveryStatus.options.map((s) => ({ value: s, label: t(`webhooks.status.${s}`) })),
        ]}
      />
      {log.status === 'error' ? (
        <ErrorState error={log.error} onRetry={() => reload()} />
      ) : !log.data ? (
        <Spinner label={t('common.loading')} />
      ) : log.data.items.length === 0 ? (
        <EmptyState icon="clock" title={t('webhooks.logEmpty')} text={t('webhooks.logEmptyText')} />
      ) : (
        <>
          <ResponsiveList
            items={log.data.items}
            columns={columns}
            rowKey={(d) => d.id}
            caption={t('webhooks.log')}
            cardTitle={(d) => eventLabel(t, d.eventType)}
            actions={(d) =>
              d.status === 'pending' ? null : (
                <Button
                  icon="refresh"
                  busy={resending === d.id}
                  onClick={() => {
                    setResending(d.id);
                    void integrationsApi
                      .resend(d.id)
                      .then(
                        () => {
                          toast.show('success', t('webhooks.resent'));
                          reload();
                        },
                        (e: unknown) => toast.show('error', errorText(e, t)),
                      )
                      .finally(() => setResending(null));
                  }}
                >
                  {t('webhooks.resend')}
                </Button>
              )
            }
          />
          <Pagination offset={offset} limit={LOG_PAGE} total={log.data.total} onChange={setOffset} />
        </>
      )}
    </section>
  );
}
