import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Confidentiality,
  MEETING_TRANSITIONS,
  MeetingKind,
  isFrozen,
  type Meeting,
  type MeetingStatus,
  type QuorumRule,
} from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Select, TextArea, TextField } from '../../components/Field';
import { ApiError } from '../../lib/api';
import { serverFieldErrors, useFocusFirstInvalid } from '../../lib/form-errors';
import { fromLocalInput, toLocalInput } from './meeting-time';
import { DateTimeField } from './DateTimeField';
import { StatusBadge } from './meeting-ui';
import { meetingsApi } from './meetings.api';
import { CloneDialog, StatusDialog } from './StatusDialogs';

const QUORUMS: Record<'half' | 'twoThirds', QuorumRule> = {
  half: { numerator: 1, denominator: 2, comparison: 'gt' },
  twoThirds: { numerator: 2, denominator: 3, comparison: 'gte' },
};
const quorumKey = (q: QuorumRule) => (q.numerator === 2 && q.denominator === 3 ? 'twoThirds' : 'half');

/** Fields of this form the server may name in `error.issues`. */
const DETAIL_FIELDS = [
  'title',
  'kind',
  'location',
  'startsAt',
  'endsAt',
  'confidentiality',
  'quorum',
  'description',
] as const;

interface Values {
  title: string;
  description: string;
  kind: MeetingKind;
  location: string;
  startsAt: string;
  endsAt: string;
  confidentiality: Confidentiality;
  quorum: 'half' | 'twoThirds';
  sharedAnnotationsOpen: boolean;
  deputiesMayVote: boolean;
}

/** Tomorrow 08:00–11:00 Hanoi time: the usual slot of a committee meeting. */
function defaultValues(): Values {
  const tomorrow = toLocalInput(new Date(Date.now() + 86_400_000).toISOString()).slice(0, 10);
  return {
    title: '',
    description: '',
    kind: 'regular',
    location: '',
    startsAt: `${tomorrow}T08:00`,
    endsAt: `${tomorrow}T11:00`,
    confidentiality: 'internal',
    quorum: 'half',
    sharedAnnotationsOpen: false,
    deputiesMayVote: false,
  };
}

function toValues(m: Meeting): Values {
  return {
    title: m.title,
    description: m.description ?? '',
    kind: m.kind,
    location: m.location ?? '',
    startsAt: toLocalInput(m.startsAt),
    endsAt: toLocalInput(m.endsAt),
    confidentiality: m.confidentiality,
    quorum: quorumKey(m.quorumRule),
    sharedAnnotationsOpen: m.sharedAnnotationsOpen,
    deputiesMayVote: m.deputiesMayVote === true,
  };
}

/** The meeting's details form (create or edit), its status actions and cloning. */
export function DetailsTab({
  meeting,
  canEdit,
  onCreated,
  onSaved,
  onConflict,
  onCloned,
}: {
  meeting: Meeting | null;
  canEdit: boolean;
  onCreated: (m: Meeting) => void;
  onSaved: (m: Meeting, message: string) => void;
  onConflict: () => void;
  onCloned: (m: Meeting) => void;
}): ReactElement {
  const { t } = useTranslation();
  const [values, setValues] = useState<Values>(() => (meeting ? toValues(meeting) : defaultValues()));
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { scope: focusScope, focusFirstInvalid } = useFocusFirstInvalid();
  const [statusTo, setStatusTo] = useState<MeetingStatus | null>(null);
  const [cloning, setCloning] = useState(false);
  const readOnly = !canEdit || (meeting !== null && isFrozen(meeting.status));

  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
    setError(null);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const startsAt = fromLocalInput(values.startsAt);
    const endsAt = fromLocalInput(values.endsAt);
    const found: Record<string, string | undefined> = {
      title: values.title.trim() === '' ? t('validation.required') : undefined,
      startsAt: startsAt ? undefined : t('dateInput.invalid'),
      endsAt: !endsAt
        ? t('dateInput.invalid')
        : startsAt && Date.parse(endsAt) <= Date.parse(startsAt)
          ? t('details.endsBeforeStart')
          : undefined,
    };
    setErrors(found);
    setError(null);
    if (Object.values(found).some(Boolean) || !startsAt || !endsAt) {
      setError(t('validation.fixErrors'));
      return;
    }
    const body = {
      title: values.title.trim(),
      description: values.description.trim() || null,
      kind: values.kind,
      location: values.location.trim() || null,
      startsAt,
      endsAt,
      confidentiality: values.confidentiality,
      quorumRule: QUORUMS[values.quorum],
      sharedAnnotationsOpen: values.sharedAnnotationsOpen,
      deputiesMayVote: values.deputiesMayVote,
    };
    setBusy(true);
    try {
      if (meeting) {
        const { meeting: saved } = await meetingsApi.update(meeting.id, {
          ...body,
          version: meeting.version,
        });
        onSaved(saved, t('details.saved'));
      } else {
        const { meeting: created } = await meetingsApi.create(body);
        onCreated(created);
      }
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict' && meeting) {
        onConflict();
      } else {
        // Each issue next to its field, focused; only what fits no field goes to the banner.
        const found = serverFieldErrors(e, DETAIL_FIELDS, t, { quorumRule: 'quorum' });
        if (found.fields.endsAt === 'ends_before_start') found.fields.endsAt = t('details.endsBeforeStart');
        setErrors(found.fields);
        setError(found.general);
        focusFirstInvalid();
      }
    } finally {
      setBusy(false);
    }
  };

  // Moving the meeting forward first, going back next, cancelling last (away from the others).
  const RANK: Partial<Record<MeetingStatus, number>> = { draft: 1, postponed: 2, cancelled: 3 };
  // Starting and ending happen in the meeting room (the chair console), which keeps the live
  // room and the meeting's status together; the editor offers the other moves.
  const ROOM_ONLY: readonly MeetingStatus[] = ['in_progress', 'ended'];
  const transitions = meeting
    ? MEETING_TRANSITIONS[meeting.status]
        .filter((s) => !ROOM_ONLY.includes(s))
        .sort((a, b) => (RANK[a] ?? 0) - (RANK[b] ?? 0))
    : [];

  return (
    <div className={meeting ? 'editor-grid' : 'editor-grid editor-grid--single'}>
      <form
        className="panel"
        onSubmit={(e) => void submit(e)}
        noValidate
        ref={(el) => {
          focusScope.current = el;
        }}
      >
        {error && <Alert kind="error">{error}</Alert>}
        <fieldset className="form-grid" disabled={readOnly || busy}>
          <TextField
            className="span-2"
            label={t('details.title')}
            placeholder={t('details.titlePlaceholder')}
            value={values.title}
            onChange={(e) => set('title', e.target.value)}
            error={errors.title}
            autoFocus={!meeting}
          />
          <Select
            label={t('details.kind')}
            value={values.kind}
            onChange={(e) => set('kind', e.target.value as MeetingKind)}
            error={errors.kind}
            options={MeetingKind.options.map((k) => ({ value: k, label: t(`meetings.kind.${k}`) }))}
          />
          <TextField
            label={t('details.location')}
            placeholder={t('details.locationPlaceholder')}
            value={values.location}
            onChange={(e) => set('location', e.target.value)}
            error={errors.location}
            optional
          />
          <DateTimeField
            label={t('details.startsAt')}
            value={values.startsAt}
            onChange={(v) => set('startsAt', v)}
            error={errors.startsAt}
            hint={t('details.timeHint')}
          />
          <DateTimeField
            label={t('details.endsAt')}
            value={values.endsAt}
            onChange={(v) => set('endsAt', v)}
            error={errors.endsAt}
            hint={t('details.timeHint')}
          />
          <Select
            label={t('details.confidentiality')}
            value={values.confidentiality}
            onChange={(e) => set('confidentiality', e.target.value as Confidentiality)}
            error={errors.confidentiality}
            hint={t('details.confidentialityHint')}
            options={Confidentiality.options.map((c) => ({
              value: c,
              label: t(`meetings.confidentiality.${c}`),
            }))}
          />
          <Select
            label={t('details.quorum')}
            value={values.quorum}
            onChange={(e) => set('quorum', e.target.value as Values['quorum'])}
            error={errors.quorum}
            options={[
              { value: 'half', label: t('details.quorumHalf') },
              { value: 'twoThirds', label: t('details.quorumTwoThirds') },
            ]}
          />
          <div className="checks span-2">
            <label className="checkbox">
              <input
                type="checkbox"
                checked={values.sharedAnnotationsOpen}
                onChange={(e) => set('sharedAnnotationsOpen', e.target.checked)}
              />
              <span>{t('details.sharedAnnotationsOpen')}</span>
            </label>
            <p className="field__hint">{t('details.sharedAnnotationsOpenHint')}</p>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={values.deputiesMayVote}
                onChange={(e) => set('deputiesMayVote', e.target.checked)}
              />
              <span>{t('details.deputiesMayVote')}</span>
            </label>
            <p className="field__hint">{t('details.deputiesMayVoteHint')}</p>
          </div>
          <TextArea
            className="span-2"
            label={t('details.description')}
            value={values.description}
            onChange={(e) => set('description', e.target.value)}
            error={errors.description}
            optional
          />
        </fieldset>
        {!readOnly && (
          <div className="panel__footer">
            <Button type="submit" variant="primary" icon="check" busy={busy}>
              {busy ? t('common.saving') : meeting ? t('common.save') : t('details.submitCreate')}
            </Button>
          </div>
        )}
      </form>

      {meeting && (
        <aside className="panel status-panel" aria-labelledby="status-title">
          <h2 className="panel__title" id="status-title">
            {t('details.statusTitle')}
          </h2>
          <p>
            <StatusBadge status={meeting.status} />
          </p>
          {meeting.statusReason && (
            <p className="muted">{t('details.reason', { reason: meeting.statusReason })}</p>
          )}
          {canEdit && (
            <div className="status-panel__actions">
              {transitions.map((to) => (
                <Button
                  key={to}
                  variant={to === 'cancelled' ? 'danger' : to === 'published' ? 'primary' : 'secondary'}
                  onClick={() => setStatusTo(to)}
                >
                  {t(`statusChange.actions.${to}`)}
                </Button>
              ))}
              <Button icon="copy" onClick={() => setCloning(true)}>
                {t('clone.action')}
              </Button>
            </div>
          )}
        </aside>
      )}

      {meeting && statusTo && (
        <StatusDialog
          meeting={meeting}
          to={statusTo}
          onClose={() => setStatusTo(null)}
          onDone={(m) => {
            setStatusTo(null);
            setValues(toValues(m));
            onSaved(m, t('statusChange.done', { status: t(`meetings.status.${m.status}`) }));
          }}
          onConflict={() => {
            setStatusTo(null);
            onConflict();
          }}
        />
      )}
      {meeting && cloning && (
        <CloneDialog
          meeting={meeting}
          onClose={() => setCloning(false)}
          onCloned={(m) => {
            setCloning(false);
            onCloned(m);
          }}
        />
      )}
    </div>
  );
}
