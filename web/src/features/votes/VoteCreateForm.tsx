import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { MAJORITY_RULES, votesContract, type AgendaItem, type Vote, type VoteKind } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Select, TextArea, TextField } from '../../components/Field';
import { call } from '../../lib/api';
import { ApiError } from '../../lib/api-error';
import { errorText } from '../../lib/errors';

const KINDS: readonly VoteKind[] = ['open', 'named', 'secret'];

/** A vote created on the spot by the chair (or prepared by the secretariat): the server validates it. */
export function VoteCreateForm({
  meetingId,
  items,
  onCreated,
}: {
  meetingId: string;
  items: readonly AgendaItem[];
  onCreated: (vote: Vote) => void;
}): ReactElement {
  const { t } = useTranslation();
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState('');
  const [maxChoices, setMaxChoices] = useState('1');
  const [kind, setKind] = useState<VoteKind>('open');
  const [rule, setRule] = useState<(typeof MAJORITY_RULES)[number]>('members');
  const [duration, setDuration] = useState('');
  const [allowChange, setAllowChange] = useState(true);
  const [agendaItemId, setAgendaItemId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setIssues({});
    const lines = options
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    try {
      const { vote } = await call(votesContract.create, {
        params: { id: meetingId },
        body: {
          question,
          ...(lines.length > 0 ? { options: lines, maxChoices: Number(maxChoices) || 1 } : {}),
          kind,
          rule,
          ...(kind === 'secret' ? {} : { allowChange }),
          durationSeconds: duration ? Number(duration) : null,
          agendaItemId: agendaItemId || null,
        },
      });
      setQuestion('');
      setOptions('');
      onCreated(vote);
    } catch (err) {
      setError(errorText(err, t));
      if (err instanceof ApiError) {
        const byField: Record<string, string> = {};
        for (const i of err.issues) byField[i.path.split('.')[0] ?? ''] = i.message;
        setIssues(byField);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="vote-form" onSubmit={(e) => void submit(e)} noValidate>
      {error && <Alert kind="error">{error}</Alert>}
      <TextField
        label={t('votes.create.question')}
        value={question}
        onChange={(e) => setQuestion(e.target.value)}
        error={issues.question}
        required
      />
      <TextArea
        label={t('votes.create.options')}
        hint={t('votes.create.optionsHint')}
        value={options}
        rows={3}
        onChange={(e) => setOptions(e.target.value)}
        error={issues.options}
        optional
      />
      <div className="vote-form__row">
        <Select
          label={t('votes.create.kind')}
          value={kind}
          options={KINDS.map((k) => ({ value: k, label: t(`votes.kind.${k}`) }))}
          onChange={(e) => setKind(e.target.value as VoteKind)}
        />
        <Select
          label={t('votes.create.rule')}
          value={rule}
          options={MAJORITY_RULES.map((r) => ({ value: r, label: t(`votes.rule.${r}`) }))}
          onChange={(e) => setRule(e.target.value as (typeof MAJORITY_RULES)[number])}
        />
      </div>
      <div className="vote-form__row">
        <TextField
          label={t('votes.create.maxChoices')}
          type="number"
          min={1}
          value={maxChoices}
          onChange={(e) => setMaxChoices(e.target.value)}
          error={issues.maxChoices}
        />
        <TextField
          label={t('votes.create.duration')}
          hint={t('votes.create.durationHint')}
          type="number"
          min={10}
          value={duration}
          onChange={(e) => setDuration(e.target.value)}
          error={issues.durationSeconds}
          optional
        />
      </div>
      <Select
        label={t('votes.create.agendaItem')}
        value={agendaItemId}
        options={[
          { value: '', label: t('votes.create.noItem') },
          ...items.map((i) => ({ value: i.id, label: i.title })),
        ]}
        onChange={(e) => setAgendaItemId(e.target.value)}
      />
      {kind !== 'secret' && (
        <label className="checkbox">
          <input type="checkbox" checked={allowChange} onChange={(e) => setAllowChange(e.target.checked)} />
          <span>{t('votes.create.allowChange')}</span>
        </label>
      )}
      <Button type="submit" variant="primary" busy={busy}>
        {t('votes.create.submit')}
      </Button>
    </form>
  );
}
