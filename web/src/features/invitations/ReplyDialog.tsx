import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invitation } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextArea, TextField } from '../../components/Field';
import { ApiError } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { useValidationText } from '../../lib/useValidationText';
import type { FormErrors } from '../../lib/validation';
import { invitationsApi } from './invitations.api';
import {
  emptyReply,
  toReplyBody,
  validateReply,
  type Answer,
  type ReplyFormField,
  type ReplyFormValues,
} from './reply-form';

const ANSWERS: readonly Answer[] = ['attend', 'decline', 'deputy'];

// The server names fields by their place in the body ("deputy.email"); the form by its inputs.
const SERVER_FIELDS: Record<string, ReplyFormField> = {
  reason: 'reason',
  'deputy.fullName': 'deputyName',
  'deputy.title': 'deputyTitle',
  'deputy.email': 'deputyEmail',
  'deputy.phone': 'deputyPhone',
};

/** Replies to one of my invitations from the app: attend, decline with a reason, or send a deputy. */
export function ReplyDialog({
  invitation,
  meetingTitle,
  initialAnswer,
  onClose,
  onSaved,
}: {
  invitation: Invitation;
  meetingTitle: string;
  initialAnswer: Answer;
  onClose: () => void;
  onSaved: (invitation: Invitation) => void;
}): ReactElement {
  const { t } = useTranslation();
  const message = useValidationText();
  const [values, setValues] = useState<ReplyFormValues>(() => ({
    ...emptyReply(initialAnswer),
    reason: invitation.reason ?? '',
  }));
  const [errors, setErrors] = useState<FormErrors<ReplyFormField>>({});
  const [serverErrors, setServerErrors] = useState<Partial<Record<ReplyFormField, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (field: keyof ReplyFormValues, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    setServerErrors((e) => ({ ...e, [field]: undefined }));
  };
  const fieldError = (field: ReplyFormField) => message(errors[field]) ?? serverErrors[field];

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateReply(values);
    setErrors(found);
    setServerErrors({});
    setError(null);
    if (Object.keys(found).length > 0) {
      setError(t('validation.fixErrors'));
      return;
    }
    setBusy(true);
    try {
      const { invitation: saved } = await invitationsApi.reply(invitation.id, toReplyBody(values));
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError) {
        const mapped: Partial<Record<ReplyFormField, string>> = {};
        for (const issue of e.issues) {
          const field = SERVER_FIELDS[issue.path];
          if (field && !mapped[field]) mapped[field] = issue.message;
        }
        setServerErrors(mapped);
      }
      setError(errorText(e, t));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t('inbox.reply.title')}
      onClose={onClose}
      onSubmit={(e) => void submit(e)}
      busy={busy}
      size="large"
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" busy={busy} icon="check">
            {t(`inbox.reply.submit.${values.answer}`)}
          </Button>
        </>
      }
    >
      <p className="reply-dialog__meeting">{meetingTitle}</p>
      {error && <Alert kind="error">{error}</Alert>}
      <fieldset className="answer-choice">
        <legend className="field__label">{t('inbox.reply.answer')}</legend>
        {ANSWERS.map((a) => (
          <label
            key={a}
            className={values.answer === a ? 'answer-choice__option is-on' : 'answer-choice__option'}
          >
            <input
              type="radio"
              name="answer"
              value={a}
              checked={values.answer === a}
              onChange={() => set('answer', a)}
            />
            <span>{t(`inbox.reply.answers.${a}`)}</span>
          </label>
        ))}
      </fieldset>
      {values.answer === 'decline' && (
        <TextArea
          label={t('inbox.reply.reason')}
          value={values.reason}
          maxLength={1000}
          onChange={(e) => set('reason', e.target.value)}
          error={fieldError('reason')}
        />
      )}
      {values.answer === 'deputy' && (
        <div className="form-grid">
          <TextField
            label={t('inbox.reply.deputyName')}
            value={values.deputyName}
            maxLength={120}
            autoComplete="off"
            onChange={(e) => set('deputyName', e.target.value)}
            error={fieldError('deputyName')}
          />
          <TextField
            label={t('inbox.reply.deputyTitle')}
            optional
            value={values.deputyTitle}
            maxLength={200}
            onChange={(e) => set('deputyTitle', e.target.value)}
            error={fieldError('deputyTitle')}
          />
          <TextField
            label={t('inbox.reply.deputyEmail')}
            optional
            type="email"
            inputMode="email"
            value={values.deputyEmail}
            maxLength={254}
            onChange={(e) => set('deputyEmail', e.target.value)}
            error={fieldError('deputyEmail')}
            hint={t('inbox.reply.deputyEmailHint')}
          />
          <TextField
            label={t('inbox.reply.deputyPhone')}
            optional
            type="tel"
            inputMode="tel"
            value={values.deputyPhone}
            maxLength={20}
            onChange={(e) => set('deputyPhone', e.target.value)}
            error={fieldError('deputyPhone')}
            hint={t('inbox.reply.deputyPhoneHint')}
          />
          <TextArea
            label={t('inbox.reply.deputyReason')}
            optional
            value={values.reason}
            maxLength={1000}
            rows={2}
            onChange={(e) => set('reason', e.target.value)}
            error={fieldError('reason')}
          />
        </div>
      )}
    </Dialog>
  );
}
