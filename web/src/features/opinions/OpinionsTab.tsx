import { useCallback, useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Meeting, OpinionDetail, OpinionsChanged, OpinionSummary } from '@icabinet/shared';
import { useConnection } from '../../app/ConnectionProvider';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { OpinionCreateDialog } from './OpinionCreateDialog';
import { OpinionTable } from './OpinionTable';
import { opinionsApi } from './opinions.api';
import './opinions.css';

/** Reloads when a request of this meeting changes (answers come in): the secretariat's room. */
function useOpinionsWatch(meetingId: string, onChanged: () => void): void {
  const { socket, status } = useConnection();
  const latest = useRef(onChanged);
  useEffect(() => {
    latest.current = onChanged;
  });
  useEffect(() => {
    if (!socket || status !== 'connected') return;
    const changed = (p: OpinionsChanged) => {
      if (p.meetingId === meetingId) latest.current();
    };
    socket.on('opinions:changed', changed);
    socket.emit('invitations:watch', { meetingId }, () => undefined);
    return () => {
      socket.off('opinions:changed', changed);
    };
  }, [socket, status, meetingId]);
}

const closed = (r: OpinionSummary) => r.status === 'sent' && Date.parse(r.deadline) <= Date.now();

/** The editor's "Lấy ý kiến" tab: the meeting's requests for written opinions and their consolidated tables. */
export function OpinionsTab({ meeting }: { meeting: Meeting }): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const toast = useToast();
  const [params, setParams] = useSearchParams();
  const selected = params.get('opinion');
  const [creating, setCreating] = useState(false);
  const [sending, setSending] = useState<string | null>(null);
  const [editing, setEditing] = useState<OpinionDetail | null>(null);
  const [loadingDraft, setLoadingDraft] = useState<string | null>(null);
  const [removing, setRemoving] = useState<OpinionSummary | null>(null);
  const loadList = useCallback(
    (signal: AbortSignal) => opinionsApi.forMeeting(meeting.id, signal),
    [meeting.id],
  );
  const list = useResource(loadList);
  const loadDetail = useCallback(
    (signal: AbortSignal) => (selected ? opinionsApi.get(selected, signal) : Promise.resolve(null)),
    [selected],
  );
  const detail = useResource(loadDetail);
  useOpinionsWatch(meeting.id, () => {
    list.reload();
    if (selected) detail.reload();
  });

  const open = (id: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (id) next.set('opinion', id);
        else next.delete('opinion');
        return next;
      },
      { replace: false },
    );

  const send = async (r: OpinionSummary) => {
    setSending(r.id);
    try {
      const res = await opinionsApi.send(r.id);
      toast.show('success', t('opinions.sent', { count: res.request.recipients }));
      list.reload();
    } catch (err) {
      toast.show('error', errorText(err, t));
    } finally {
      setSending(null);
    }
  };

  // The dialog needs the draft's members: its consolidated table holds them.
  const edit = async (r: OpinionSummary) => {
    setLoadingDraft(r.id);
    try {
      setEditing(await opinionsApi.get(r.id));
    } catch (err) {
      toast.show('error', errorText(err, t));
    } finally {
      setLoadingDraft(null);
    }
  };

  if (selected) {
    return (
      <div className="opinions">
        <Button variant="ghost" icon="chevronLeft" onClick={() => open(null)}>
          {t('opinions.back')}
        </Button>
        {detail.data ? (
          <>
            <h2 className="opinions__title">{detail.data.request.title}</h2>
            <p className="muted">
              {detail.data.request.documentTitle} ·{' '}
              {t('opinions.deadline', { at: formatDateTime(detail.data.request.deadline, lang) })} ·{' '}
              {t('opinions.progress', {
                answered: String(detail.data.request.answered),
                total: String(detail.data.request.recipients),
              })}
            </p>
            <OpinionTable detail={detail.data} onChanged={detail.reload} />
          </>
        ) : detail.status === 'error' ? (
          <ErrorState error={detail.error} onRetry={detail.reload} />
        ) : (
          <Spinner label={t('common.loading')} />
        )}
      </div>
    );
  }

  return (
    <div className="opinions">
      <div className="opinions__head">
        <p className="muted">{t('opinions.intro')}</p>
        <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
          {t('opinions.create')}
        </Button>
      </div>
      {list.status === 'error' && !list.data && <ErrorState error={list.error} onRetry={list.reload} />}
      {!list.data && list.status === 'loading' && <Spinner label={t('common.loading')} />}
      {list.data && list.data.items.length === 0 && (
        <EmptyState title={t('opinions.emptyTitle')} text={t('opinions.emptyText')} />
      )}
      <ul className="opinion-list">
        {list.data?.items.map((r) => (
          <li key={r.id} className="opinion-card">
            <div className="opinion-card__main">
              <div className="opinion-card__title">
                <strong>{r.title}</strong>
                <Badge tone={r.status === 'draft' ? 'grey' : closed(r) ? 'neutral' : 'blue'}>
                  {t(`opinions.status.${r.status === 'draft' ? 'draft' : closed(r) ? 'closed' : 'sent'}`)}
                </Badge>
              </div>
              <p className="muted">
                {r.documentTitle} · {t('opinions.deadline', { at: formatDateTime(r.deadline, lang) })}
              </p>
              {r.status === 'sent' && (
                <div className="opinion-card__progress">
                  <progress max={r.recipients} value={r.answered} />
                  <span>
                    {t('opinions.progress', { answered: String(r.answered), total: String(r.recipients) })}
                  </span>
                  {r.overdue > 0 && (
                    <Badge tone="red">{t('opinions.overdueCount', { count: r.overdue })}</Badge>
                  )}
                </div>
              )}
            </div>
            <div className="opinion-card__actions">
              {r.status === 'draft' && (
                <>
                  <Button icon="edit" busy={loadingDraft === r.id} onClick={() => void edit(r)}>
                    {t('opinions.edit')}
                  </Button>
                  <Button icon="trash" onClick={() => setRemoving(r)}>
                    {t('opinions.remove')}
                  </Button>
                  <Button variant="primary" icon="check" busy={sending === r.id} onClick={() => void send(r)}>
                    {t('opinions.send')}
                  </Button>
                </>
              )}
              <Button icon="chevronRight" onClick={() => open(r.id)}>
                {t('opinions.open')}
              </Button>
            </div>
          </li>
        ))}
      </ul>
      {editing && (
        <OpinionCreateDialog
          meeting={meeting}
          editing={editing}
          onClose={() => setEditing(null)}
          onDone={(r, sent) => {
            setEditing(null);
            toast.show('success', sent ? t('opinions.sent', { count: r.recipients }) : t('opinions.saved'));
            list.reload();
          }}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={t('opinions.removeTitle')}
          text={t('opinions.removeText', { title: removing.title })}
          confirmLabel={t('opinions.remove')}
          danger
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await opinionsApi.remove(removing.id, removing.version);
            setRemoving(null);
            toast.show('success', t('opinions.removed'));
            list.reload();
          }}
        />
      )}
      {creating && (
        <OpinionCreateDialog
          meeting={meeting}
          onClose={() => setCreating(false)}
          onDone={(r, sent) => {
            setCreating(false);
            toast.show('success', sent ? t('opinions.sent', { count: r.recipients }) : t('opinions.saved'));
            list.reload();
          }}
        />
      )}
    </div>
  );
}
