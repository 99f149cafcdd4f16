import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDateTime, type MinutesState } from '@icabinet/shared';
import { useConnection } from '../../app/ConnectionProvider';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState } from '../../components/States';
import { Spinner } from '../../components/Spinner';
import { Tabs } from '../../components/Tabs';
import { useToast } from '../../components/Toast';
import { errorText } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { useMe } from '../auth/auth.context';
import { meetingsApi } from '../meetings/meetings.api';
import { MinutesApprovalBar } from './MinutesApprovalBar';
import { MinutesEditor } from './MinutesEditor';
import { MinutesVersions } from './MinutesVersions';
import { minutesApi } from './minutes.api';
import { useMinutesDoc } from './useMinutesDoc';
import './minutes.css';

/** The longest a lock waits for this tablet's unacknowledged edits. */
const LOCK_WAIT_MS = 5000;

type Tab = 'edit' | 'versions';

/** "Lưu phiên bản": asks for a name, then keeps the current text as a version. */
function SaveVersionDialog({
  meetingId,
  onSaved,
  onClose,
}: {
  meetingId: string;
  onSaved: (name: string) => void;
  onClose: () => void;
}): ReactElement {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState<string>(() =>
    t('minutes.versionNameDefault', { at: formatDateTime(new Date(), i18n.language === 'en' ? 'en' : 'vi') }),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog
      title={t('minutes.saveVersion')}
      onClose={onClose}
      busy={busy}
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        minutesApi.saveVersion(meetingId, name).then(
          () => onSaved(name),
          (err: unknown) => {
            setBusy(false);
            setError(errorText(err, t));
          },
        );
      }}
      footer={
        <>
          <Button type="button" variant="secondary" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" disabled={busy}>
            {t('minutes.saveVersion')}
          </Button>
        </>
      }
    >
      {error && <Alert kind="error">{error}</Alert>}
      <TextField
        label={t('minutes.versionName')}
        value={name}
        maxLength={120}
        onChange={(e) => setName(e.target.value)}
      />
    </Dialog>
  );
}

/** The minutes of one meeting: written together live, named versions, the lock for signing. */
export function MinutesPage(): ReactElement {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const { id = '' } = useParams();
  const me = useMe();
  const { socket } = useConnection();
  const toast = useToast();
  const [tab, setTab] = useState<Tab>('edit');
  const [dialog, setDialog] = useState<'version' | 'lock' | 'reopen' | null>(null);
  const detail = useResource(useCallback((signal: AbortSignal) => meetingsApi.get(id, signal), [id]));
  const state = useResource(
    useCallback((signal: AbortSignal) => minutesApi.get(id, signal).then((r) => r.minutes), [id]),
  );
  const doc = useMinutesDoc(state.data ? socket : null, me.user.id, id);
  const { reload } = state;

  // Locked, reopened or the toggle changed elsewhere: the buttons and the banner follow.
  useEffect(() => {
    const onChanged = (p: { meetingId: string }) => {
      if (p.meetingId === id) reload();
    };
    socket?.on('minutes:changed', onChanged);
    return () => {
      socket?.off('minutes:changed', onChanged);
    };
  }, [socket, id, reload]);

  const back = detail.data?.can.edit ? `/meetings/${id}/edit` : '/my-meetings';
  const header = (
    <Link className="back-link" to={back}>
      <Icon name="chevronLeft" />
      <span>{t('minutes.back')}</span>
    </Link>
  );
  if (state.status === 'error' && !state.data)
    return (
      <>
        {header}
        <ErrorState title={t('minutes.status.refused')} error={state.error} onRetry={state.reload} />
      </>
    );
  if (!state.data) return <Spinner label={t('common.loading')} />;
  const minutes: MinutesState = state.data;
  const set = (next: MinutesState) => state.mutate(() => next);

  const toggleOthers = (value: boolean) => {
    minutesApi.setOthersMayEdit(id, value).then(
      (r) => {
        set(r.minutes);
        toast.show('success', t(value ? 'minutes.othersOn' : 'minutes.othersOff'));
      },
      (err: unknown) => toast.show('error', errorText(err, t)),
    );
  };
  const canWrite = !!doc?.canWrite && minutes.canWrite;
  const ready = doc && (doc.status !== 'syncing' || doc.sync.doc.getXmlFragment('prosemirror').length > 0);

  return (
    <div className="minutes-page">
      {header}
      <PageHeader
        title={t('minutes.title')}
        subtitle={detail.data?.meeting.title}
        actions={
          <div className="minutes-actions">
            {minutes.canWrite && (
              <Button variant="secondary" icon="copy" onClick={() => setDialog('version')}>
                {t('minutes.saveVersion')}
              </Button>
            )}
            {minutes.canLock && !minutes.locked && (
              <Button variant="danger" icon="lock" onClick={() => setDialog('lock')}>
                {t('minutes.lock')}
              </Button>
            )}
            {minutes.canLock && minutes.locked && (
              <Button variant="secondary" icon="unlock" onClick={() => setDialog('reopen')}>
                {t('minutes.reopen')}
              </Button>
            )}
          </div>
        }
      />
      <div className="minutes-meta">
        {minutes.locked && <Badge tone="red">{t('minutes.locked')}</Badge>}
        {doc && (
          <span className={`minutes-sync minutes-sync--${doc.status}`} role="status">
            {t(`minutes.status.${doc.status}`)}
          </span>
        )}
        {minutes.canAllowOthers && (
          <label className="minutes-toggle" title={t('minutes.othersMayEditHint')}>
            <input
              type="checkbox"
              checked={minutes.othersMayEdit}
              disabled={minutes.locked}
              onChange={(e) => toggleOthers(e.target.checked)}
            />
            <span>{t('minutes.othersMayEdit')}</span>
          </label>
        )}
      </div>
      {minutes.locked && (
        <Alert kind="warning">
          {t('minutes.lockedBy', {
            name: minutes.lockedByName ?? '—',
            at: minutes.lockedAt ? formatDateTime(minutes.lockedAt, lang) : '—',
          })}
        </Alert>
      )}
      {!minutes.locked && !minutes.canWrite && <Alert kind="info">{t('minutes.readOnly')}</Alert>}
      <MinutesApprovalBar
        meetingId={id}
        approval={minutes.approval}
        locked={minutes.locked}
        onChanged={reload}
      />
      {doc?.unsentRefused && (
        <div data-testid="minutes-unsent-refused">
          <Alert kind="error">{t('minutes.unsentRefused')}</Alert>
        </div>
      )}
      <Tabs
        label={t('minutes.tabs.label')}
        idPrefix="minutes"
        items={[
          { key: 'edit', label: t('minutes.tabs.edit') },
          { key: 'versions', label: t('minutes.tabs.versions'), extra: String(minutes.versions.length) },
        ]}
        active={tab}
        onChange={setTab}
      />
      <div id="minutes-panel" role="tabpanel">
        {tab === 'edit' &&
          (ready ? (
            <MinutesEditor sync={doc.sync} canWrite={canWrite} myName={me.user.fullName} />
          ) : (
            <Spinner label={t('minutes.loadingDoc')} />
          ))}
        {tab === 'versions' && <MinutesVersions meetingId={id} versions={minutes.versions} />}
      </div>
      {dialog === 'version' && (
        <SaveVersionDialog
          meetingId={id}
          onClose={() => setDialog(null)}
          onSaved={(name) => {
            setDialog(null);
            toast.show('success', t('minutes.versionSaved', { name }));
            reload();
          }}
        />
      )}
      {dialog === 'lock' && (
        <ConfirmDialog
          title={t('minutes.lockTitle')}
          text={t('minutes.lockText')}
          confirmLabel={t('minutes.lock')}
          danger
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            // The locked version is the server's copy: let this tablet's last keystrokes reach it first.
            await doc?.sync.settled(LOCK_WAIT_MS);
            set((await minutesApi.lock(id)).minutes);
            setDialog(null);
            toast.show('success', t('minutes.lockedDone'));
          }}
        />
      )}
      {dialog === 'reopen' && (
        <ConfirmDialog
          title={t('minutes.reopenTitle')}
          text={t('minutes.reopenText')}
          confirmLabel={t('minutes.reopen')}
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            set((await minutesApi.reopen(id)).minutes);
            setDialog(null);
            toast.show('success', t('minutes.reopened'));
          }}
        />
      )}
    </div>
  );
}
