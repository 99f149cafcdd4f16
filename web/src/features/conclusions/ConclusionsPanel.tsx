import { useCallback, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import {
  formatDateTime,
  type AgendaItem,
  type ConclusionNotice,
  type ConclusionsView,
} from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { ApprovalBar } from '../approval/ApprovalBar';
import { useMe } from '../auth/auth.context';
import { agendaNumbers } from '../meetings/agenda-order';
import { tasksApi } from '../tasks/tasks.api';
import { useMeetingRoom } from '../meetings/useMeetingRoom';
import { conclusionsApi } from './conclusions.api';
import { ConclusionItem } from './ConclusionItem';
import './conclusions.css';

/**
 * The conclusion notice's approval (the shared {@link ApprovalBar}: its state, number and moves),
 * with the history of the moves below it.
 */
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
  return (
    <ApprovalBar
      element="div"
      className="notice-bar"
      meetingId={meetingId}
      approval={notice}
      texts="conclusions.notice"
      signPath="conclusion-notice"
      pdfUrl={conclusionsApi.pdfUrl(meetingId)}
      issueWaits={
        notice.issueBlocked && {
          id: `notice-issue-waits-${meetingId}`,
          text: t('conclusions.notice.issueWaits'),
        }
      }
      commentHint={t('conclusions.notice.commentHint')}
      perform={async (move) => onChanged((await conclusionsApi.act(meetingId, move)).notice)}
      after={<NoticeHistory history={notice.history} />}
    />
  );
}

/** Every move of the notice so far: what, who and when, with the chair's comment. */
function NoticeHistory({ history }: { history: ConclusionNotice['history'] }): ReactElement | null {
  const { t } = useTranslation();
  const lang = currentLanguage();
  if (history.length === 0) return null;
  return (
    <details className="notice-bar__history">
      <summary>{t('conclusions.notice.history')}</summary>
      <ol>
        {history.map((h) => (
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
