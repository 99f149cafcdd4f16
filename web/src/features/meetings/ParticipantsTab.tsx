import { useCallback, useMemo, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MeetingRole,
  defaultVotingRight,
  type Meeting,
  type Paged,
  type ParticipantView,
  type User,
} from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Select, TextField } from '../../components/Field';
import { ResponsiveList, type Column } from '../../components/ResponsiveList';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { sortByFullName } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { unitOptions } from '../units/unit-tree';
import { unitsApi } from '../units/units.api';
import { meetingsApi, participantsApi } from './meetings.api';

type Mode = 'user' | 'unit' | 'meeting' | 'guest';
const MODES: readonly Mode[] = ['user', 'unit', 'meeting', 'guest'];
const ROLE_ORDER: Record<MeetingRole, number> = {
  chair: 0,
  secretary: 1,
  delegate: 2,
  guest: 3,
  observer: 4,
};

interface GuestValues {
  fullName: string;
  title: string;
  organisation: string;
  email: string;
  phone: string;
}
const NO_GUEST: GuestValues = { fullName: '', title: '', organisation: '', email: '', phone: '' };

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
      {canEdit && <AddParticipants meeting={meeting} onAdded={participants.reload} />}
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

function AddParticipants({ meeting, onAdded }: { meeting: Meeting; onAdded: () => void }): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const [mode, setMode] = useState<Mode>('user');
  const [choice, setChoice] = useState('');
  const [role, setRole] = useState<MeetingRole>('delegate');
  const [voting, setVoting] = useState(true);
  const [seat, setSeat] = useState('');
  const [guest, setGuest] = useState<GuestValues>(NO_GUEST);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const loadUsers = useCallback(
    (signal: AbortSignal) =>
      api.get<Paged<User>>('/users', { query: { active: 'true', limit: 500 }, signal }),
    [],
  );
  const users = useResource(loadUsers);
  const loadUnits = useCallback((signal: AbortSignal) => unitsApi.list(signal), []);
  const units = useResource(loadUnits);
  const loadMeetings = useCallback(
    (signal: AbortSignal) =>
      meetingsApi.list({ scope: 'all', q: '', kind: '', status: '', from: '', to: '' }, 0, signal, 100),
    [],
  );
  const meetings = useResource(loadMeetings);

  const pickMode = (m: Mode) => {
    setMode(m);
    setChoice('');
    setError(null);
    const nextRole = m === 'guest' ? 'guest' : 'delegate';
    setRole(nextRole);
    setVoting(defaultVotingRight(nextRole));
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    if ((mode === 'guest' && guest.fullName.trim() === '') || (mode !== 'guest' && choice === '')) {
      setError(t('participants.chooseFirst'));
      return;
    }
    setBusy(true);
    try {
      if (mode === 'user' || mode === 'guest') {
        const name =
          mode === 'user' ? (users.data?.items.find((u) => u.id === choice)?.fullName ?? '') : guest.fullName;
        await participantsApi.add(meeting.id, {
          ...(mode === 'user'
            ? { userId: choice }
            : {
                guest: {
                  fullName: guest.fullName.trim(),
                  title: guest.title.trim() || null,
                  organisation: guest.organisation.trim() || null,
                  email: guest.email.trim() || null,
                  phone: guest.phone.trim() || null,
                },
              }),
          role,
          votingRight: voting,
          seat: seat.trim() || null,
        });
        toast.show('success', t('participants.added', { name }));
        setGuest(NO_GUEST);
      } else {
        const result = await participantsApi.bulk(
          meeting.id,
          mode === 'unit' ? { unitId: choice, role, votingRight: voting } : { fromMeetingId: choice },
        );
        toast.show(
          'success',
          t('participants.bulkAdded', { added: String(result.added), skipped: String(result.skipped) }),
        );
      }
      setChoice('');
      setSeat('');
      onAdded();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const userOptions = sortByFullName(users.data?.items ?? []).map((u) => ({
    value: u.id,
    label: u.title ? `${u.fullName} — ${u.title}` : u.fullName,
  }));
  const meetingOptions = (meetings.data?.items ?? [])
    .filter((m) => m.id !== meeting.id)
    .map((m) => ({ value: m.id, label: m.title }));

  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="add-participants">
      <h2 className="panel__title" id="add-participants">
        {t('participants.addTitle')}
      </h2>
      <div className="segmented" role="radiogroup" aria-label={t('participants.addTitle')}>
        {MODES.map((m) => (
          <label key={m} className={mode === m ? 'segmented__option is-active' : 'segmented__option'}>
            <input type="radio" name="add-mode" value={m} checked={mode === m} onChange={() => pickMode(m)} />
            <span>{t(`participants.modes.${m}`)}</span>
          </label>
        ))}
      </div>
      {error && <Alert kind="error">{error}</Alert>}
      <fieldset className="form-grid" disabled={busy}>
        {mode === 'user' && (
          <Select
            className="span-2"
            label={t('participants.chooseUser')}
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
            options={[{ value: '', label: t('participants.chooseUserPlaceholder') }, ...userOptions]}
          />
        )}
        {mode === 'unit' && (
          <Select
            className="span-2"
            label={t('participants.chooseUnit')}
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
            options={[
              { value: '', label: t('participants.chooseUnitPlaceholder') },
              ...unitOptions(units.data?.items ?? [], null),
            ]}
          />
        )}
        {mode === 'meeting' && (
          <Select
            className="span-2"
            label={t('participants.chooseMeeting')}
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
            options={[{ value: '', label: t('participants.chooseMeetingPlaceholder') }, ...meetingOptions]}
          />
        )}
        {mode === 'guest' &&
          (['fullName', 'title', 'organisation', 'email', 'phone'] as const).map((field) => (
            <TextField
              key={field}
              label={t(`participants.guest.${field}`)}
              value={guest[field]}
              type={field === 'email' ? 'email' : field === 'phone' ? 'tel' : 'text'}
              onChange={(e) => setGuest((g) => ({ ...g, [field]: e.target.value }))}
              optional={field !== 'fullName'}
            />
          ))}
        {mode !== 'meeting' && (
          <>
            <Select
              label={t('participants.role')}
              value={role}
              onChange={(e) => {
                const r = e.target.value as MeetingRole;
                setRole(r);
                setVoting(defaultVotingRight(r));
              }}
              options={MeetingRole.options.map((r) => ({ value: r, label: t(`meetings.roles.${r}`) }))}
            />
            {mode !== 'unit' && (
              <TextField
                label={t('participants.seat')}
                placeholder={t('participants.seatPlaceholder')}
                value={seat}
                maxLength={16}
                onChange={(e) => setSeat(e.target.value)}
                optional
              />
            )}
            <label className="checkbox">
              <input type="checkbox" checked={voting} onChange={(e) => setVoting(e.target.checked)} />
              <span>{t('participants.voting')}</span>
            </label>
          </>
        )}
      </fieldset>
      <div className="panel__footer">
        <Button type="submit" variant="primary" icon="plus" busy={busy}>
          {t('participants.add')}
        </Button>
      </div>
    </form>
  );
}
