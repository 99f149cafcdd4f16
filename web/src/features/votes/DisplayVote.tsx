import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { VotesView } from './votes.client';
import { currentVote } from './votes.format';
import { VoteResultChart } from './VoteResultChart';
import './votes.css';

/** The projector's vote: the open question with how many have voted, then the result as a chart. */
export function DisplayVote({ view }: { view: VotesView }): ReactElement | null {
  const { t } = useTranslation();
  const vote = currentVote(view.votes);
  if (!vote) return null;
  return (
    <section className="display-vote" data-testid="display-vote" data-state={vote.state}>
      <span className="display__label">
        {t('votes.title')} · {t(`votes.kind.${vote.kind}`)}
      </span>
      <h2 className="display-vote__question">{vote.question}</h2>
      {vote.state === 'open' ? (
        <p className="display-vote__progress">
          {t('votes.progress', { voted: String(vote.voted), seats: String(vote.seats?.length ?? 0) })}
        </p>
      ) : (
        <VoteResultChart vote={vote} large />
      )}
      <p className="display-vote__rule">{t('votes.ruleLabel', { rule: t(`votes.rule.${vote.rule}`) })}</p>
    </section>
  );
}
