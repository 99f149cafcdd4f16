import { useCallback, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MAJORITY_RULES,
  type MajorityRule,
  type Meeting,
  type OpinionDetail,
  type OpinionSummary,
} from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Select, TextArea, TextField } from '../../components/Field';
import { Spinner } from '../../components/Spinner';
import { ApiError } from '../../lib/api-error';
import { errorText } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { DateTimeField } from '../meetings/DateTimeField';
import { fromLocalInput, toLocalInput } from '../meetings/meeting-time';
import { documentsApi, participantsApi } from '../meetings/meetings.api';
import { opinionsApi } from './opinions.api';

/**
 * Prepares a request for written opinions: the draft (a document every member may read), the
 * questions, the members asked, the deadline and the majority rule; saved as a draft or sent at once.
 * Given `editing` (a draft not sent yet), it opens with that draft's content and saves over it.
 */
export function OpinionCreateDialog({
  meeting,
  editing,
  onClose,
  onDone,
}: {
  meeting: Meeting;
  editing?: OpinionDetail;
  onClose: () => void;
  onDone: (request: OpinionSummary, sent: boolean) => void;
}): ReactElement {
  const draft = editing?.request;
  const { t } = useTranslation();
  const load = useCallback(
    async (signal: AbortSignal) => {
      const [docs, people] = await Promise.all([
        documentsApi.list(meeting.id, signal),
        participantsApi.list(meeting.id, signal),
      ]);
      return {
        documents: docs.items.filter((d) => d.classification.openBy === 'participants'),
        participants: people.items.filter((p) => p.role !== 'observer'),
      };
    },
    [meeting.id],
  );
  const data = useResource(load);
  const [title, setTitle] = useState(draft?.title ?? '');
  const [documentId, setDocumentId] = useState(draft?.documentId ?? '');
  const [note, setNote] = useState(draft?.note ?? '');
  const [deadline, setDeadline] = useState(
    draft
      ? toLocalInput(draft.deadline)
      : toLocalInput(new Date(Date.now() + 3 * 86_400_000).toISOString()).slice(0, 11) + '17:00',
  );
  const [rule, setRule] = useState<MajorityRule>(draft?.rule ?? 'members');
  const [questions, setQuestions] = useState<string[]>(
    draft && draft.questions.length > 0 ? draft.questions.map((q) => q.text) : [''],
  );
  const [chosen, setChosen] = useState<Set<string> | null>(
    editing ? new Set(editing.recipients.map((r) => r.participantId)) : null,
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const participants = data.data?.participants ?? [];
  const selected =
    chosen ??
    new Set(participants.filter((p) => p.role === 'delegate' || p.role === 'chair').map((p) => p.id));
  const docId = documentId || data.data?.documents[0]?.id || '';
  const issues = error instanceof ApiError ? error.issues : [];
  const issueAt = (path: string) =>
    issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message;

  const submit = async (send: boolean, e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const content = {
        title,
        documentId: docId,
        note: note || null,
        deadline: fromLocalInput(deadline) ?? '',
        rule,
        questions: questions.map((q) => q.trim()).filter(Boolean),
        participantIds: participants.filter((p) => selected.has(p.id)).map((p) => p.id),
      };
      const created = draft
        ? await opinionsApi.update(draft.id, { ...content, version: draft.version })
        : await opinionsApi.create(meeting.id, content);
      if (!send) return onDone(created.request, false);
      const sent = await opinionsApi.send(created.request.id).catch((err: unknown) => {
        // Saved as a draft; the reason it could not go out is shown on the list.
        onDone(created.request, false);
        throw err;
      });
      onDone(sent.request, true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  };

  return (
    <Dialog
      title={draft ? t('opinions.editTitle') : t('opinions.create')}
      onClose={onClose}
      busy={busy}
      size="large"
      onSubmit={(e) => void submit(true, e)}
      footer={
        <>
          <Button onClick={() => void submit(false)} disabled={busy || !docId}>
            {t('opinions.saveDraft')}
          </Button>
          <Button type="submit" variant="primary" icon="check" busy={busy} disabled={!docId}>
            {t('opinions.saveAndSend')}
          </Button>
        </>
      }
    >
      {!data.data ? (
        <Spinner label={t('common.loading')} />
      ) : (
        <div className="opinion-form">
          {error !== null && <Alert kind="error">{errorText(error, t)}</Alert>}
          <TextField
            label={t('opinions.fieldTitle')}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={300}
            required
            error={issueAt('title')}
          />
          {data.data.documents.length === 0 ? (
            <Alert kind="warning">{t('opinions.noDocuments')}</Alert>
          ) : (
            <Select
              label={t('opinions.fieldDocument')}
              value={docId}
              onChange={(e) => setDocumentId(e.target.value)}
              options={data.data.documents.map((d) => ({ value: d.id, label: d.name }))}
              error={issueAt('documentId')}
            />
          )}
          <div className="opinion-form__row">
            <DateTimeField
              label={t('opinions.fieldDeadline')}
              value={deadline}
              onChange={setDeadline}
              error={issueAt('deadline')}
            />
            <Select
              label={t('opinions.fieldRule')}
              value={rule}
              onChange={(e) => setRule(e.target.value as MajorityRule)}
              options={MAJORITY_RULES.map((r) => ({ value: r, label: t(`opinions.rules.${r}`) }))}
            />
          </div>
          <TextArea
            label={t('opinions.fieldNote')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            rows={2}
            maxLength={2000}
            optional
            error={issueAt('note')}
          />
          <fieldset className="opinion-form__questions">
            <legend>{t('opinions.fieldQuestions')}</legend>
            {questions.map((q, i) => (
              <div className="opinion-form__question" key={i}>
                <TextArea
                  label={t('opinions.questionN', { n: String(i + 1) })}
                  value={q}
                  rows={2}
                  maxLength={1000}
                  onChange={(e) => setQuestions(questions.map((x, j) => (j === i ? e.target.value : x)))}
                  error={issueAt(`questions.${i}`)}
                />
                {questions.length > 1 && (
                  <Button
                    variant="ghost"
                    icon="trash"
                    iconOnly
                    onClick={() => setQuestions(questions.filter((_, j) => j !== i))}
                  >
                    {t('opinions.removeQuestion', { n: String(i + 1) })}
                  </Button>
                )}
              </div>
            ))}
            <Button icon="plus" onClick={() => setQuestions([...questions, ''])}>
              {t('opinions.addQuestion')}
            </Button>
          </fieldset>
          <fieldset className="opinion-form__members">
            <legend>{t('opinions.fieldMembers')}</legend>
            <label className="opinion-check">
              <input
                type="checkbox"
                checked={participants.length > 0 && participants.every((p) => selected.has(p.id))}
                onChange={(e) => setChosen(new Set(e.target.checked ? participants.map((p) => p.id) : []))}
              />
              <span>{t('opinions.allMembers')}</span>
            </label>
            {participants.map((p) => (
              <label className="opinion-check" key={p.id}>
                <input type="checkbox" checked={selected.has(p.id)} onChange={() => toggle(p.id)} />
                <span>
                  {p.fullName}
                  {p.title && <span className="muted"> · {p.title}</span>}
                </span>
              </label>
            ))}
          </fieldset>
        </div>
      )}
    </Dialog>
  );
}
