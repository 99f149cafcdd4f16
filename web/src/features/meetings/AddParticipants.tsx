import { useCallback, useMemo, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { MeetingRole, defaultVotingRight, type Meeting, type Paged, type User } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Select, TextField } from '../../components/Field';
import { useToast } from '../../components/Toast';
import { api } from '../../lib/api';
import { useServerFieldErrors } from '../../lib/form-errors';
import { sortByFullName } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { unitOptions } from '../units/unit-tree';
import { unitsApi } from '../units/units.api';
import { meetingsApi, participantsApi } from './meetings.api';
import { pickablePeople } from './person-search';
import { PersonPicker } from './PersonPicker';

type Mode = 'user' | 'unit' | 'meeting' | 'guest';
const MODES: readonly Mode[] = ['user', 'unit', 'meeting', 'guest'];

interface GuestValues {
  fullName: string;
  title: string;
  organisation: string;
  email: string;
  phone: string;
}
const NO_GUEST: GuestValues = { fullName: '', title: '', organisation: '', email: '', phone: '' };
const GUEST_FIELDS = ['fullName', 'title', 'organisation', 'email', 'phone'] as const;
/** Fields the server may name in `error.issues` for this form. */
const FIELDS = [...GUEST_FIELDS, 'userId', 'unitId', 'fromMeetingId', 'role', 'seat', 'votingRight'] as const;
type FormField = (typeof FIELDS)[number];

/** Adds people: a user found by search, a whole unit, another meeting's participants or a guest. */
export function AddParticipants({
  meeting,
  alreadyIn,
  ready,
  onAdded,
}: {
  meeting: Meeting;
  /** Users already in the meeting: the picker does not offer them. */
  alreadyIn: ReadonlySet<string>;
  /** Whether the participant list has loaded (until then nobody is offered). */
  ready: boolean;
  onAdded: () => void;
}): ReactElement {
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
  const server = useServerFieldErrors<FormField>(FIELDS, t);

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
  const people = useMemo(() => {
    const unitNames = new Map((units.data?.items ?? []).map((u) => [u.id, u.name]));
    return ready ? pickablePeople(sortByFullName(users.data?.items ?? []), unitNames) : [];
  }, [users.data, units.data, ready]);

  const pickMode = (m: Mode) => {
    setMode(m);
    setChoice('');
    setError(null);
    server.clear();
    const nextRole = m === 'guest' ? 'guest' : 'delegate';
    setRole(nextRole);
    setVoting(defaultVotingRight(nextRole));
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    server.clear();
    if ((mode === 'guest' && guest.fullName.trim() === '') || (mode !== 'guest' && choice === '')) {
      setError(t('participants.chooseFirst'));
      return;
    }
    setBusy(true);
    try {
      if (mode === 'user' || mode === 'guest') {
        const name = mode === 'user' ? (people.find((u) => u.id === choice)?.fullName ?? '') : guest.fullName;
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
      server.fail(e);
    } finally {
      setBusy(false);
    }
  };

  const meetingOptions = (meetings.data?.items ?? [])
    .filter((m) => m.id !== meeting.id)
    .map((m) => ({ value: m.id, label: m.title }));
  const shownError = error ?? server.general;

  return (
    <form
      ref={(el) => {
        server.scope.current = el;
      }}
      className="panel"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby="add-participants"
    >
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
      {shownError && <Alert kind="error">{shownError}</Alert>}
      <fieldset className="form-grid" disabled={busy}>
        {mode === 'user' && (
          <PersonPicker
            people={people}
            alreadyIn={alreadyIn}
            value={choice}
            onChange={(id) => {
              setChoice(id);
              server.clear('userId');
            }}
            error={server.errors.userId}
          />
        )}
        {mode === 'unit' && (
          <Select
            className="span-2"
            label={t('participants.chooseUnit')}
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
            error={server.errors.unitId}
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
            error={server.errors.fromMeetingId}
            options={[{ value: '', label: t('participants.chooseMeetingPlaceholder') }, ...meetingOptions]}
          />
        )}
        {mode === 'guest' &&
          GUEST_FIELDS.map((field) => (
            <TextField
              key={field}
              name={field}
              label={t(`participants.guest.${field}`)}
              value={guest[field]}
              type={field === 'email' ? 'email' : field === 'phone' ? 'tel' : 'text'}
              onChange={(e) => {
                setGuest((g) => ({ ...g, [field]: e.target.value }));
                server.clear(field);
              }}
              error={server.errors[field]}
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
              error={server.errors.role}
              options={MeetingRole.options.map((r) => ({ value: r, label: t(`meetings.roles.${r}`) }))}
            />
            {mode !== 'unit' && (
              <TextField
                label={t('participants.seat')}
                placeholder={t('participants.seatPlaceholder')}
                value={seat}
                maxLength={16}
                onChange={(e) => {
                  setSeat(e.target.value);
                  server.clear('seat');
                }}
                error={server.errors.seat}
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
