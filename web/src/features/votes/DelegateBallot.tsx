import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Vote } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { useToast } from '../../components/Toast';
import type { VotesClient, VotesView } from './votes.client';
import { currentVote, optionLabel } from './votes.format';
import { VoteResultChart } from './VoteResultChart';
import './votes.css';

/** The ballot on a delegate's tablet: large buttons for a motion, check boxes and Send for a choice of several. */
export function Ballot({
  vote,
  client,
  view,
}: {
  vote: Vote;
  client: VotesClient;
  view: VotesView;
}): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const mine = view.mine[vote.id];
  const sending = view.sending[vote.id];
  const [picked, setPicked] = useState<string[]>([]);
  const chosen = sending ?? mine?.choice ?? null;
  const locked = (mine?.voted === true && !vote.allowChange) || sending !== undefined;
  const multi = vote.maxChoices > 1;
  const send = async (choice: string[]) => {
    const res = await client.cast(vote.id, choice);
    if (!res.ok) toast.show('error', t('votes.failed', { message: res.error.message }));
    else setPicked([]);
  };
  const label = (ids: string[]) =>
    ids
      .map((id) => vote.options.find((o) => o.id === id))
      .filter((o) => o !== undefined)
      .map((o) => optionLabel(o, t));
  return (
    <div className="ballot">
      {vote.kind === 'secret' && <p className="ballot__note">{t('votes.ballot.secret')}</p>}
      {multi && !locked && (
        <p className="ballot__note">{t('votes.ballot.chooseUpTo', { count: vote.maxChoices })}</p>
      )}
      <div className={`ballot__options${multi ? ' ballot__options--multi' : ''}`}>
        {vote.options.map((o) => {
          const on = multi ? picked.includes(o.id) : chosen?.includes(o.id) === true;
          return (
            <button
              key={o.id}
              type="button"
              className={`ballot__option is-${o.meaning}${on ? ' is-on' : ''}`}
              aria-pressed={on}
              disabled={locked}
              onClick={() => {
                if (!multi) return void send([o.id]);
                setPicked((p) =>
                  p.includes(o.id)
                    ? p.filter((x) => x !== o.id)
                    : p.length < vote.maxChoices
                      ? [...p, o.id]
                      : p,
                );
              }}
            >
              {optionLabel(o, t)}
            </button>
          );
        })}
      </div>
      {multi && !locked && (
        <Button variant="primary" disabled={picked.length === 0} onClick={() => void send(picked)}>
          {t('votes.ballot.send')}
        </Button>
      )}
      <p className="ballot__status" role="status" data-testid="ballot-status">
        {sending
          ? t('votes.ballot.sending')
          : mine?.voted
            ? [
                t('votes.ballot.recorded'),
                chosen ? t('votes.ballot.yourChoice', { choice: label(chosen).join(', ') }) : '',
                vote.allowChange ? t('votes.ballot.mayChange') : t('votes.ballot.noChange'),
              ]
                .filter(Boolean)
                .join(' ')
            : ''}
      </p>
    </div>
  );
}

/**
 * A ballot this tablet sent that the result does not hold: the vote closed before the tablet,
 * back online, could send it again. Said plainly, with the choice that was not recorded.
 */
export function LostBallot({ vote, view }: { vote: Vote; view: VotesView }): ReactElement | null {
  const { t } = useTranslation();
  const lost = view.lost[vote.id];
  if (!lost) return null;
  const choice = lost.choice
    .map((id) => vote.options.find((o) => o.id === id))
    .filter((o) => o !== undefined)
    .map((o) => optionLabel(o, t))
    .join(', ');
  return (
    <div data-testid="ballot-lost">
      <Alert kind="error" title={t('votes.ballot.lostTitle')}>
        {t('votes.ballot.lost', { choice })}
        {lost.reason ? ` ${lost.reason}` : ''}
      </Alert>
    </div>
  );
}

/** The vote panel of the delegate's room view: the open vote's ballot, or the last result. */
export function DelegateVote({
  client,
  view,
  participantId,
}: {
  client: VotesClient | null;
  view: VotesView;
  participantId: string | null;
}): ReactElement | null {
  const { t } = useTranslation();
  const vote = currentVote(view.votes);
  if (!vote || !client) return null;
  const seat = vote.seats?.find((s) => s.voterId === participantId) ?? null;
  return (
    <section className="room-panel vote-panel" aria-labelledby="vote-title" data-testid="delegate-vote">
      <h2 id="vote-title" className="room-panel__title">
        {t('votes.title')} · {t(`votes.state.${vote.state}`)}
      </h2>
      <p className="vote-panel__question">{vote.question}</p>
      <LostBallot vote={vote} view={view} />
      {vote.state === 'open' && (
        <>
          <p className="vote-panel__progress">
            {t('votes.progress', { voted: String(vote.voted), seats: String(vote.seats?.length ?? 0) })}
          </p>
          {seat?.deputyName && (
            <p className="ballot__note">{t('votes.ballot.forMember', { name: seat.name })}</p>
          )}
          {seat ? (
            <Ballot vote={vote} client={client} view={view} />
          ) : (
            <p className="muted">{t('votes.ballot.notEntitled')}</p>
          )}
        </>
      )}
      {vote.state === 'closed' && <VoteResultChart vote={vote} />}
    </section>
  );
}
