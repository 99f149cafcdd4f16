import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { votesContract, type AgendaItem, type Result, type Vote } from '@icabinet/shared';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextArea } from '../../components/Field';
import { useToast } from '../../components/Toast';
import { call } from '../../lib/api';
import { errorText } from '../../lib/errors';
import type { VotesClient, VotesView } from './votes.client';
import { VoteCreateForm } from './VoteCreateForm';
import { VoteResultChart } from './VoteResultChart';
import { Ballot, LostBallot } from './DelegateBallot';
import './votes.css';

const TONE: Record<Vote['state'], BadgeTone> = {
  prepared: 'grey',
  open: 'blue',
  closed: 'green',
  annulled: 'red',
};

/** Seconds left before a timed vote closes itself (by the server's clock). */
function secondsLeft(vote: Vote, serverNow: number): number | null {
  return vote.closesAt ? Math.max(0, Math.ceil((Date.parse(vote.closesAt) - serverNow) / 1000)) : null;
}

function AnnulDialog({
  vote,
  client,
  onClose,
}: {
  vote: Vote;
  client: VotesClient;
  onClose: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  return (
    <Dialog
      title={t('votes.annulTitle')}
      onClose={onClose}
      busy={busy}
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        void client.annul(vote.id, reason).then((res) => {
          setBusy(false);
          if (res.ok) onClose();
          else setError(res.error.issues?.[0]?.message ?? res.error.message);
        });
      }}
      footer={
        <Button type="submit" variant="danger" busy={busy} disabled={!reason.trim()}>
          {t('votes.annul')}
        </Button>
      }
    >
      <p>{t('votes.annulText', { question: vote.question })}</p>
      <TextArea
        label={t('votes.annulReason')}
        value={reason}
        rows={3}
        onChange={(e) => setReason(e.target.value)}
        error={error}
      />
    </Dialog>
  );
}

/** One vote on the chair's console, with the controls its state allows. */
function ChairVote({
  vote,
  client,
  view,
  serverNow,
  onAnnul,
  participantId,
}: {
  vote: Vote;
  client: VotesClient;
  view: VotesView;
  serverNow: number;
  onAnnul: (v: Vote) => void;
  participantId: string | null;
}): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const act = async (run: () => Promise<Result<unknown>>) => {
    setBusy(true);
    const res = await run();
    setBusy(false);
    if (!res.ok) toast.show('error', t('votes.failed', { message: res.error.message }));
  };
  const remove = async () => {
    try {
      await call(votesContract.remove, { params: { id: vote.meetingId, voteId: vote.id } });
    } catch (e) {
      toast.show('error', t('votes.failed', { message: errorText(e, t) }));
    }
  };
  const waiting = view.waiting?.voteId === vote.id ? view.waiting.notVoted : null;
  const left = vote.state === 'open' ? secondsLeft(vote, serverNow) : null;
  return (
    <li className={`chair-vote is-${vote.state}`} data-testid="chair-vote">
      <div className="chair-vote__head">
        <strong className="chair-vote__question">{vote.question}</strong>
        <Badge tone={TONE[vote.state]}>{t(`votes.state.${vote.state}`)}</Badge>
      </div>
      <p className="muted">
        {t(`votes.kind.${vote.kind}`)} · {t('votes.ruleLabel', { rule: t(`votes.rule.${vote.rule}`) })}
      </p>
      {vote.state === 'open' && (
        <div className="chair-vote__live">
          <p className="vote-panel__progress" data-testid="chair-vote-progress">
            {t('votes.progress', { voted: String(vote.voted), seats: String(vote.seats?.length ?? 0) })}
            {left !== null && ` · ${t('votes.closesIn', { seconds: String(left) })}`}
          </p>
          {vote.seats?.some((s) => s.voterId === participantId) && (
            <Ballot vote={vote} client={client} view={view} />
          )}
          {waiting &&
            (waiting.length === 0 ? (
              <p className="muted">{t('votes.allVoted')}</p>
            ) : (
              <p className="chair-vote__waiting">
                <span>{t('votes.notVoted')}: </span>
                {waiting.map((w) => w.name).join(', ')}
              </p>
            ))}
        </div>
      )}
      <LostBallot vote={vote} view={view} />
      {vote.state === 'closed' && <VoteResultChart vote={vote} />}
      {vote.state === 'annulled' && (
        <p className="muted">{t('votes.annulled', { reason: vote.annulReason ?? '' })}</p>
      )}
      <div className="chair-vote__actions">
        {vote.state === 'prepared' && (
          <>
            <Button
              variant="primary"
              busy={busy}
              onClick={() => void act(() => client.control('vote:open', vote.id))}
            >
              {t('votes.open')}
            </Button>
            <Button variant="ghost" onClick={() => void remove()}>
              {t('votes.remove')}
            </Button>
          </>
        )}
        {vote.state === 'open' && (
          <Button
            variant="primary"
            busy={busy}
            onClick={() => void act(() => client.control('vote:close', vote.id))}
          >
            {t('votes.close')}
          </Button>
        )}
        {(vote.state === 'open' || vote.state === 'closed') && (
          <Button variant="ghost" onClick={() => onAnnul(vote)}>
            {t('votes.annul')}
          </Button>
        )}
      </div>
    </li>
  );
}

/** The chair console's vote panel: prepared votes to open, the open one live, results, and a new vote on the spot. */
export function ChairVotes({
  meetingId,
  client,
  view,
  items,
  serverNow,
  participantId,
}: {
  meetingId: string;
  client: VotesClient | null;
  view: VotesView;
  items: readonly AgendaItem[];
  serverNow: number;
  participantId: string | null;
}): ReactElement {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const [annulling, setAnnulling] = useState<Vote | null>(null);
  // The open vote first, then the prepared ones, then results (newest first).
  const order: Record<Vote['state'], number> = { open: 0, prepared: 1, closed: 2, annulled: 3 };
  const votes = [...view.votes].sort((a, b) => order[a.state] - order[b.state]);
  return (
    <section className="room-panel vote-panel" aria-labelledby="chair-votes-title" data-testid="chair-votes">
      <div className="vote-panel__bar">
        <h2 id="chair-votes-title" className="room-panel__title">
          {t('votes.title')}
        </h2>
        <Button variant="ghost" icon={creating ? 'x' : 'plus'} onClick={() => setCreating((c) => !c)}>
          {creating ? t('votes.create.hide') : t('votes.create.show')}
        </Button>
      </div>
      {creating && (
        <VoteCreateForm
          meetingId={meetingId}
          items={items}
          onCreated={(v) => {
            client?.added(v);
            setCreating(false);
          }}
        />
      )}
      {votes.length === 0 && !creating && <p className="muted">{t('votes.none')}</p>}
      {client && (
        <ul className="chair-votes">
          {votes.map((v) => (
            <ChairVote
              key={v.id}
              vote={v}
              client={client}
              view={view}
              serverNow={serverNow}
              onAnnul={setAnnulling}
              participantId={participantId}
            />
          ))}
        </ul>
      )}
      {annulling && client && (
        <AnnulDialog vote={annulling} client={client} onClose={() => setAnnulling(null)} />
      )}
    </section>
  );
}
