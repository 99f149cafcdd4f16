import { useCallback, useState, type ReactElement } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  formatDateTime,
  type AgendaItem,
  type ConclusionNotice,
  type ConclusionsView,
} from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { errorText } from '../../lib/errors';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { useMe } from '../auth/auth.context';
import { agendaNumbers } from '../meetings/agenda-order';
import { tasksApi } from '../tasks/tasks.api';
import { useMeetingRoom } from '../meetings/useMeetingRoom';
import { conclusionsApi } from './conclusions.api';
import { ConclusionItem } from './ConclusionItem';
import './conclusions.css';

type Action = ConclusionNotice['actions'][number];

const TONE: Record<ConclusionNotice['state'], BadgeTone> = {
  draft: 'grey',
  submitted: 'blue',
  returned: 'red',
  approved: 'green',
  signed: 'green',
  issued: 'green',
};

/** The notice's state, its number, the moves the caller may make, and the history of moves. */
function NoticeBar({
  meetingId,
  notice,
  onChanged,
}: {
  meetingId: string;
  notice: ConclusionNotice;
  onChanged: (notice: ConclusionNotice) => void;
}): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const toast = useToast();
  const [busy, setBusy] = useState<Action | null>(null);
  const [asking, setAsking] = useState<'return' | 'approve' | null>(null);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const lastReturn = [...notice.history].reverse().find((h) => h.action === 'return');

  async function act(action: Action, text?: string): Promise<void> {
    setBusy(action);
    try {
      const res = await conclusionsApi.act(meetingId, {
        action: action as Exclude<Action, 'sign'>,
        version: notice.version,
        ...(text ? { comment: text } : {}),
      });
      onChanged(res.notice);
      setAsking(null);
      setComment('');
      toast.show('success', t(`conclusions.notice.done.${action}`));
    } catch (err) {
      if (asking === 'return') setCommentError(errorText(err, t));
      else toast.show('error', errorText(err, t));
    } finally {
      setBusy(null);
    }
  }

  const click = (a: Action) => {
    if (a === 'return' || a === 'approve') setAsking(a);
    else void act(a);
  };

  return (
    <div className="notice-bar" data-state={notice.state}>
      <div className="notice-bar__head">
        <strong>{t('conclusions.notice.title')}</strong>
        <Badge tone={TONE[notice.state]}>{t(`conclusions.notice.state.${notice.state}`)}</Badge>
        {notice.number !== null && notice.symbol && (
          <span className="muted">
            {t('conclusions.notice.number', { number: String(notice.number), symbol: notice.symbol })}
          </span>
        )}
      </div>
      {notice.state === 'returned' && lastReturn?.comment && (
        <Alert kind="warning">{t('conclusions.notice.returnedWith', { comment: lastReturn.comment })}</Alert>
      )}
      <div className="notice-bar__actions">
        {notice.documentId ? (
          <Link className="btn btn--secondary" to={`/documents/${notice.documentId}`}>
            <Icon name="file" />
            <span>{t('conclusions.notice.openIssued')}</span>
          </Link>
        ) : (
          notice.history.length + notice.actions.length > 0 && (
            <a
              className="btn btn--secondary"
              href={conclusionsApi.pdfUrl(meetingId)}
              target="_blank"
              rel="noreferrer"
            >
              <Icon name="eye" />
              <span>{t('conclusions.notice.preview')}</span>
            </a>
          )
        )}
        {notice.actions.includes('sign') && (
          // Signing happens on its own page, with the certificate file (PAdES).
          <Link className="btn btn--primary" to={`/meetings/${meetingId}/sign/conclusion-notice`}>
            <Icon name="edit" />
            <span>{t('conclusions.notice.actions.sign')}</span>
          </Link>
        )}
        {notice.actions
          .filter((a) => a !== 'sign')
          .map((a) => (
            <Button
              key={a}
              variant={a === 'withdraw' || a === 'return' ? 'secondary' : 'primary'}
              busy={busy === a}
              onClick={() => click(a)}
            >
              {t(`conclusions.notice.actions.${a}`)}
            </Button>
          ))}
        {notice.issueBlocked && (
          // Issued means signed: "Ban hành" is there, disabled, until the chair has signed.
          <Button variant="primary" disabled aria-describedby={`notice-issue-waits-${meetingId}`}>
            {t('conclusions.notice.actions.issue')}
          </Button>
        )}
      </div>
      {notice.issueBlocked && (
        <p className="field__hint" id={`notice-issue-waits-${meetingId}`} data-testid="issue-waits">
          {t('conclusions.notice.issueWaits')}
        </p>
      )}
      {notice.history.length > 0 && (
        <details className="notice-bar__history">
          <summary>{t('conclusions.notice.history')}</summary>
          <ol>
            {notice.history.map((h) => (
              <li key={`${h.at}-${h.action}`}>
                {t('conclusions.notice.historyEntry', {
                  action: t(`conclusions.notice.actions.${h.action}`),
                  who: h.byName,
                  when: formatDateTime(h.at, lang),
                })}
                {h.comment && <span className="muted"> — {h.comment}</span>}
              </li>
            ))}
          </ol>
        </details>
      )}
      {asking === 'return' && (
        <Dialog
          title={t('conclusions.notice.returnTitle')}
          busy={busy === 'return'}
          onClose={() => setAsking(null)}
          onSubmit={(e) => {
            e.preventDefault();
            if (!comment.trim()) return setCommentError(t('conclusions.notice.commentRequired'));
            void act('return', comment.trim());
          }}
          footer={
            <>
              <Button variant="ghost" onClick={() => setAsking(null)}>
                {t('conclusions.cancel')}
              </Button>
              <Button type="submit" variant="primary" busy={busy === 'return'}>
                {t('conclusions.notice.actions.return')}
              </Button>
            </>
          }
        >
          <label className="field">
            <span className="field__label">{t('conclusions.notice.commentLabel')}</span>
            <textarea
              className="input textarea"
              rows={4}
              value={comment}
              aria-invalid={commentError ? true : undefined}
              onChange={(e) => {
                setComment(e.target.value);
                setCommentError(null);
              }}
            />
            <span className="field__hint">{t('conclusions.notice.commentHint')}</span>
            {commentError && <span className="field__error">{commentError}</span>}
          </label>
        </Dialog>
      )}
      {asking === 'approve' && (
        <ConfirmDialog
          title={t(`conclusions.notice.${asking}Title`)}
          text={t(`conclusions.notice.${asking}Text`)}
          confirmLabel={t(`conclusions.notice.actions.${asking}`)}
          onConfirm={() => act(asking)}
          onClose={() => setAsking(null)}
        />
      )}
    </div>
  );
}

/**
 * The meeting's conclusions, item by item, with the conclusion notice's approval on top. In the
 * room (`currentItemId`) it opens on the item being discussed; on the meeting page it lists all.
 */
export function ConclusionsPanel({
  meetingId,
  items,
  currentItemId = null,
}: {
  meetingId: string;
  items: readonly AgendaItem[];
  currentItemId?: string | null;
}): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const load = useCallback((signal: AbortSignal) => conclusionsApi.list(meetingId, signal), [meetingId]);
  const view = useResource<ConclusionsView>(load);
  const [all, setAll] = useState(currentItemId === null);
  // The secretariat sees how many tasks each point already has (so none is given twice by mistake).
  const { user } = useMe();
  const assigns = user.systemRole === 'admin' || user.systemRole === 'secretary';
  const tasks = useResource(
    useCallback(
      (signal: AbortSignal) =>
        assigns ? tasksApi.byMeeting(meetingId, signal) : Promise.resolve({ items: [], total: 0 }),
      [assigns, meetingId],
    ),
  );
  const assigned = new Map<string, number>();
  for (const task of tasks.data?.items ?? [])
    if (task.conclusionPointId)
      assigned.set(task.conclusionPointId, (assigned.get(task.conclusionPointId) ?? 0) + 1);
  // Someone else saved an item (it arrives whole) or moved the notice (what the caller may do
  // then is the server's answer, so the view is read again).
  useMeetingRoom(meetingId, {
    onConclusionsChanged: (p) => {
      const saved = p.conclusion;
      if (p.notice) view.reload();
      else if (saved)
        view.mutate((d) => {
          const mine = d.items.find((c) => c.agendaItemId === saved.agendaItemId);
          if (mine && mine.version >= saved.version) return d;
          return { ...d, items: [...d.items.filter((c) => c.agendaItemId !== saved.agendaItemId), saved] };
        });
    },
  });

  if (view.status === 'error' && !view.data) return <ErrorState error={view.error} onRetry={view.reload} />;
  if (!view.data) return <Spinner label={t('common.loading')} />;
  const { notice } = view.data;
  const organiser = notice.actions.length > 0 || notice.canEdit || notice.history.length > 0;
  const numbers = agendaNumbers(items);
  const byItem = new Map(view.data.items.map((c) => [c.agendaItemId, c]));
  const shown = all || !currentItemId ? items : items.filter((i) => i.id === currentItemId);
  const setNotice = (n: ConclusionNotice) => view.mutate((d) => ({ ...d, notice: n }));

  return (
    <div className="conclusions">
      <NoticeBar meetingId={meetingId} notice={notice} onChanged={setNotice} />
      {!organiser && notice.state !== 'issued' ? (
        <p className="muted">{t('conclusions.notIssued')}</p>
      ) : (
        <>
          {!notice.canEdit && notice.state !== 'issued' && (
            <Alert kind="info">{t('conclusions.locked')}</Alert>
          )}
          {currentItemId && (
            <Button variant="ghost" onClick={() => setAll((a) => !a)}>
              {all ? t('conclusions.showCurrent') : t('conclusions.showAll')}
            </Button>
          )}
          {items.length === 0 && <p className="muted">{t('conclusions.noItems')}</p>}
          {shown.map((item) => (
            <ConclusionItem
              key={item.id}
              meetingId={meetingId}
              itemId={item.id}
              label={numbers.get(item.id) ?? ''}
              title={item.title}
              conclusion={byItem.get(item.id) ?? null}
              canEdit={notice.canEdit}
              current={item.id === currentItemId}
              onReload={view.reload}
              assigned={assigned}
              onAssigned={tasks.reload}
              onSaved={({ conclusion, notice: n }) => {
                view.mutate((d) => ({
                  items: [...d.items.filter((c) => c.agendaItemId !== conclusion.agendaItemId), conclusion],
                  notice: n,
                }));
                toast.show('success', t('conclusions.saved'));
              }}
            />
          ))}
        </>
      )}
    </div>
  );
}
