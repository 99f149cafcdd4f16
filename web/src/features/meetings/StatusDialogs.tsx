import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Meeting, MeetingStatus } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { TextArea, TextField } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { ApiError } from '../../lib/api';
import { useServerFieldErrors } from '../../lib/form-errors';
import { useSubmit } from '../../lib/useSubmit';
import type { TFunction } from 'i18next';
import { DateTimeField } from './DateTimeField';
import { addDays, fromLocalInput, toLocalInput } from './meeting-time';
import { meetingsApi } from './meetings.api';

type TimesField = 'startsAt' | 'endsAt';

/** The server names a start after the end by a code; say it in words. */
const timeError = (message: string | undefined, t: TFunction): string | undefined =>
  message === 'ends_before_start' ? t('details.endsBeforeStart') : message;

/** A meeting's new start and end (Hanoi time), with the server's errors on them in words. */
function TimesFields({
  startsAt,
  endsAt,
  onStartsAt,
  onEndsAt,
  errors,
  optional = false,
}: {
  startsAt: string;
  endsAt: string;
  onStartsAt: (value: string) => void;
  onEndsAt: (value: string) => void;
  errors: Partial<Record<TimesField, string>>;
  optional?: boolean;
}): ReactElement {
  const { t } = useTranslation();
  return (
    <>
      <DateTimeField
        label={t('details.startsAt')}
        value={startsAt}
        onChange={onStartsAt}
        hint={t('details.timeHint')}
        error={timeError(errors.startsAt, t)}
        optional={optional}
      />
      <DateTimeField
        label={t('details.endsAt')}
        value={endsAt}
        onChange={onEndsAt}
        hint={t('details.timeHint')}
        error={timeError(errors.endsAt, t)}
        optional={optional}
      />
    </>
  );
}

/** Moves a meeting to another status; cancelling and postponing ask for the reason. */
export function StatusDialog({
  meeting,
  to,
  onClose,
  onDone,
  onConflict,
}: {
  meeting: Meeting;
  to: MeetingStatus;
  onClose: () => void;
  onDone: (m: Meeting) => void;
  onConflict: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const needsReason = to === 'cancelled' || to === 'postponed';
  const [reason, setReason] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const { busy, submit } = useSubmit();
  const server = useServerFieldErrors<TimesField | 'reason'>(['reason', 'startsAt', 'endsAt'], t);

  const save = async () => {
    const times =
      to === 'postponed' && fromLocalInput(startsAt) && fromLocalInput(endsAt)
        ? { startsAt: fromLocalInput(startsAt) ?? undefined, endsAt: fromLocalInput(endsAt) ?? undefined }
        : {};
    const { meeting: saved } = await meetingsApi.setStatus(meeting.id, {
      to,
      version: meeting.version,
      reason: needsReason ? reason.trim() : null,
      ...times,
    });
    onDone(saved);
  };

  const title =
    to === 'cancelled'
      ? t('statusChange.cancelTitle')
      : to === 'postponed'
        ? t('statusChange.postponeTitle')
        : t('statusChange.confirmTitle');
  return (
    <FormDialog
      title={title}
      onClose={onClose}
      busy={busy}
      size={needsReason ? 'medium' : 'small'}
      onSubmit={() => {
        if (needsReason && reason.trim() === '') return setReasonError(t('validation.required'));
        server.clear();
        void submit(save, (e) => {
          if (e instanceof ApiError && e.code === 'conflict') onConflict();
          else server.fail(e);
        });
      }}
      submitLabel={t(`statusChange.actions.${to}`)}
      submitVariant={to === 'cancelled' ? 'danger' : 'primary'}
    >
      <p>{t('statusChange.confirmText', { status: t(`meetings.status.${to}`) })}</p>
      {server.general && <Alert kind="error">{server.general}</Alert>}
      <div
        className="stack"
        ref={(el) => {
          server.scope.current = el;
        }}
      >
        {needsReason && (
          <TextArea
            label={t('statusChange.reasonLabel')}
            hint={t('statusChange.reasonHint')}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setReasonError(undefined);
            }}
            error={reasonError ?? server.errors.reason}
            autoFocus
          />
        )}
        {to === 'postponed' && (
          <fieldset className="form-grid">
            <legend className="field__label">{t('statusChange.newTimes')}</legend>
            <TimesFields
              startsAt={startsAt}
              endsAt={endsAt}
              onStartsAt={setStartsAt}
              onEndsAt={setEndsAt}
              errors={server.errors}
              optional
            />
          </fieldset>
        )}
      </div>
    </FormDialog>
  );
}

/** Copies a meeting (participants, agenda, documents) to a new time as a draft. */
export function CloneDialog({
  meeting,
  onClose,
  onCloned,
}: {
  meeting: Meeting;
  onClose: () => void;
  onCloned: (m: Meeting) => void;
}): ReactElement {
  const { t } = useTranslation();
  // Weekly briefings repeat: the default is the same slot a week later.
  const [title, setTitle] = useState(meeting.title);
  const [startsAt, setStartsAt] = useState(toLocalInput(addDays(meeting.startsAt, 7)));
  const [endsAt, setEndsAt] = useState(toLocalInput(addDays(meeting.endsAt, 7)));
  const [error, setError] = useState<string | null>(null);
  const { busy, submit } = useSubmit();
  const server = useServerFieldErrors<TimesField | 'title'>(['title', 'startsAt', 'endsAt'], t);

  return (
    <FormDialog
      title={t('clone.title')}
      onClose={onClose}
      busy={busy}
      onSubmit={() => {
        const s = fromLocalInput(startsAt);
        const e = fromLocalInput(endsAt);
        if (!s || !e || Date.parse(e) <= Date.parse(s)) return setError(t('details.endsBeforeStart'));
        setError(null);
        server.clear();
        const copy = { startsAt: s, endsAt: e, ...(title.trim() ? { title: title.trim() } : {}) };
        void submit(async () => onCloned((await meetingsApi.clone(meeting.id, copy)).meeting), server.fail);
      }}
      submitLabel={t('clone.submit')}
      submitIcon="copy"
    >
      <p>{t('clone.intro')}</p>
      {(error ?? server.general) && <Alert kind="error">{error ?? server.general}</Alert>}
      <div
        className="form-grid"
        ref={(el) => {
          server.scope.current = el;
        }}
      >
        <TextField
          className="span-2"
          label={t('clone.newTitle')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={server.errors.title}
        />
        <TimesFields
          startsAt={startsAt}
          endsAt={endsAt}
          onStartsAt={setStartsAt}
          onEndsAt={setEndsAt}
          errors={server.errors}
        />
      </div>
    </FormDialog>
  );
}
