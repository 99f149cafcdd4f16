import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invitation } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextArea, TextField } from '../../components/Field';
import { ApiError } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { setServerIssues, useZodForm } from '../../lib/form';
import { invitationsApi } from './invitations.api';
import {
  emptyReply,
  REPLY_FIELDS,
  ReplyForm,
  toReplyBody,
  type Answer,
  type ReplyFormValues,
} from './reply-form';

const ANSWERS: readonly Answer[] = ['attend', 'decline', 'deputy'];

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
  const {
    register,
    handleSubmit,
    getValues,
    watch,
    setError: setFieldError,
    errorOf,
  } = useZodForm(ReplyForm, {
    ...emptyReply(initialAnswer),
    reason: invitation.reason ?? '',
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const answer = watch('answer');

  const save = async () => {
    const values: ReplyFormValues = getValues();
    setError(null);
    setBusy(true);
    try {
      const { invitation: saved } = await invitationsApi.reply(invitation.id, toReplyBody(values));
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError) setServerIssues(setFieldError, e.issues, [], REPLY_FIELDS);
      setError(errorText(e, t));
      setBusy(false);
    }
  };
  const submit = handleSubmit(save, () => setError(t('validation.fixErrors')));

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
            {t(`inbox.reply.submit.${answer}`)}
          </Button>
        </>
      }
    >
      <p className="reply-dialog__meeting">{meetingTitle}</p>
      {error && <Alert kind="error">{error}</Alert>}
      <fieldset className="answer-choice">
        <legend className="field__label">{t('inbox.reply.answer')}</legend>
        {ANSWERS.map((a) => (
          <label key={a} className={answer === a ? 'answer-choice__option is-on' : 'answer-choice__option'}>
            <input type="radio" value={a} {...register('answer')} />
            <span>{t(`inbox.reply.answers.${a}`)}</span>
          </label>
        ))}
      </fieldset>
      {answer === 'decline' && (
        <TextArea
          label={t('inbox.reply.reason')}
          {...register('reason')}
          maxLength={1000}
          error={errorOf('reason')}
        />
      )}
      {answer === 'deputy' && (
        <div className="form-grid">
          <TextField
            label={t('inbox.reply.deputyName')}
            {...register('deputyName')}
            maxLength={120}
            autoComplete="off"
            error={errorOf('deputyName')}
          />
          <TextField
            label={t('inbox.reply.deputyTitle')}
            optional
            {...register('deputyTitle')}
            maxLength={200}
            error={errorOf('deputyTitle')}
          />
          <TextField
            label={t('inbox.reply.deputyEmail')}
            optional
            type="email"
            inputMode="email"
            {...register('deputyEmail')}
            maxLength={254}
            error={errorOf('deputyEmail')}
            hint={t('inbox.reply.deputyEmailHint')}
          />
          <TextField
            label={t('inbox.reply.deputyPhone')}
            optional
            type="tel"
            inputMode="tel"
            {...register('deputyPhone')}
            maxLength={20}
            error={errorOf('deputyPhone')}
            hint={t('inbox.reply.deputyPhoneHint')}
          />
          <TextArea
            label={t('inbox.reply.deputyReason')}
            optional
            {...register('reason')}
            maxLength={1000}
            rows={2}
            error={errorOf('reason')}
          />
        </div>
      )}
    </Dialog>
  );
}
