import { useCallback, useMemo, useState, type ReactElement } from 'react';
import { AddParticipants } from './AddParticipants';
import { useTranslation } from 'react-i18next';
import { MeetingRole, type Meeting, type ParticipantView } from '@icabinet/shared';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ResponsiveList, type Column } from '../../components/ResponsiveList';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { errorText } from '../../lib/errors';
import { sortByFullName } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { participantsApi } from './meetings.api';

const ROLE_ORDER: Record<MeetingRole, number> = {
  chair: 0,
  secretary: 1,
  delegate: 2,
  guest: 3,
  observer: 4,
};

/** Who takes part: add by user, unit, another meeting or as a guest; role, vote and seat per person. */
export function ParticipantsTab({ meeting, canEdit }: { meeting: Meeting; canEdit: boolean }): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const load = useCallback((signal: AbortSignal) => participantsApi.list(meeting.id, signal), [meeting.id]);
  const participants = useResource(load);
  const items = useMemo(
    () =>
      sortByFullName(participants.data?.items ?? []).sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]),
    [participants.data],
  );
  const [removing, setRemoving] = useState<ParticipantView | null>(null);
  const alreadyIn = useMemo(
    () => new Set((participants.data?.items ?? []).flatMap((p) => (p.userId ? [p.userId] : []))),
    [participants.data],
  );

  const change = async (
    p: ParticipantView,
    input: { role?: MeetingRole; votingRight?: boolean; seat?: string | null },
  ) => {
    try {
      await participantsApi.update(meeting.id, p.id, input);
      toast.show('success', t('participants.updated', { name: p.fullName }));
    } catch (e) {
      toast.show('error', errorText(e, t));
    }
    participants.reload();
  };

  const columns: Column<ParticipantView>[] = [
    {
      key: 'name',
      header: t('participants.columns.name'),
      hideOnCard: true,
      render: (p) => (
        <span className="person">
          <span className="person__name">{p.fullName}</span>
          <span className="person__sub">
            {p.guest ? <Badge tone="neutral">{t('participants.guestBadge')}</Badge> : p.title}
          </span>
        </span>
      ),
    },
    { key: 'unit', header: t('participants.columns.unit'), render: (p) => p.unitName ?? t('common.none') },
    {
      key: 'role',
      header: t('participants.columns.role'),
      render: (p) =>
        canEdit ? (
          <select
            className="input select input--compact"
            aria-label={`${t('participants.role')}: ${p.fullName}`}
            value={p.role}
            onChange={(e) => void change(p, { role: e.target.value as MeetingRole })}
          >
            {MeetingRole.options.map((r) => (
              <option key={r} value={r}>
                {t(`meetings.roles.${r}`)}
              </option>
            ))}
          </select>
        ) : (
          t(`meetings.roles.${p.role}`)
        ),
    },
    {
      key: 'voting',
      header: t('participants.columns.voting'),
      render: (p) =>
        canEdit ? (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={p.votingRight}
              onChange={(e) => void change(p, { votingRight: e.target.checked })}
            />
            <span className="visually-hidden">
              {t('participants.voting')}: {p.fullName}
            </span>
            <span aria-hidden="true">{p.votingRight ? t('participants.yes') : t('participants.no')}</span>
          </label>
        ) : p.votingRight ? (
          t('participants.yes')
        ) : (
          t('participants.no')
        ),
    },
    {
      key: 'seat',
      header: t('participants.columns.seat'),
      render: (p) =>
        canEdit ? (
          <input
            className="input input--compact input--seat"
            aria-label={`${t('participants.seat')}: ${p.fullName}`}
            defaultValue={p.seat ?? ''}
            maxLength={16}
            onBlur={(e) => {
              const seat = e.target.value.trim() || null;
              if (seat !== p.seat) void change(p, { seat });
            }}
          />
        ) : (
          (p.seat ?? t('common.none'))
        ),
    },
  ];

  return (
    <div className="stack">
      {canEdit && (
        <AddParticipants
          meeting={meeting}
          alreadyIn={alreadyIn}
          ready={!!participants.data}
          onAdded={participants.reload}
        />
      )}
      <h2 className="section-title">
        {t('participants.title')}
        {participants.data && (
          <span className="muted"> · {t('participants.count', { count: items.length })}</span>
        )}
      </h2>
      {participants.status === 'error' ? (
        <ErrorState error={participants.error} onRetry={participants.reload} />
      ) : !participants.data ? (
        <Spinner label={t('common.loading')} />
      ) : items.length === 0 ? (
        <EmptyState icon="users" title={t('participants.emptyTitle')} text={t('participants.emptyText')} />
      ) : (
        <ResponsiveList
          items={items}
          columns={columns}
          rowKey={(p) => p.id}
          caption={t('participants.title')}
          cardTitle={(p) => columns[0]?.render(p)}
          actions={
            canEdit
              ? (p) => (
                  <Button icon="trash" variant="ghost" onClick={() => setRemoving(p)}>
                    {t('participants.remove')}
                    <span className="visually-hidden"> {p.fullName}</span>
                  </Button>
                )
              : undefined
          }
        />
      )}
      {removing && (
        <ConfirmDialog
          title={t('participants.removeTitle')}
          text={t('participants.removeText', { name: removing.fullName })}
          confirmLabel={t('participants.remove')}
          danger
          onConfirm={async () => {
            await participantsApi.remove(meeting.id, removing.id);
            toast.show('success', t('participants.removed', { name: removing.fullName }));
            setRemoving(null);
            participants.reload();
          }}
          onClose={() => setRemoving(null)}
        />
      )}
    </div>
  );
}
