import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Vote } from '@icabinet/shared';
import { optionLabel, resultSentence } from './votes.format';
import './votes.css';

/**
 * A closed vote's result as a bar chart: one bar per option against the rule's base (all members
 * or the ballots cast), the options that passed or were chosen marked, the verdict sentence with
 * its rule, and for a named vote who chose what.
 */
export function VoteResultChart({
  vote,
  large = false,
}: {
  vote: Vote;
  large?: boolean;
}): ReactElement | null {
  const { t } = useTranslation();
  const r = vote.result;
  if (!r) return null;
  const scale = Math.max(1, r.base, ...r.counts.map((c) => c.count));
  const sentence = resultSentence(vote, t);
  return (
    <figure className={`vote-result${large ? ' vote-result--large' : ''}`} data-testid="vote-result">
      <figcaption className="vote-result__head">
        <span className={`vote-result__verdict is-${r.verdict}`} data-testid="vote-verdict">
          {sentence}
        </span>
        <span className="vote-result__meta">
          {t('votes.result.cast', {
            cast: String(r.cast),
            entitled: String(r.entitled),
            members: String(r.members),
          })}{' '}
          · {t(`votes.kind.${vote.kind}`)}
        </span>
      </figcaption>
      <ul className="vote-bars">
        {vote.options.map((o) => {
          const c = r.counts.find((x) => x.id === o.id);
          const count = c?.count ?? 0;
          const names = r.choices?.filter((x) => x.choice.includes(o.id)).map((x) => x.name) ?? [];
          return (
            <li key={o.id} className={`vote-bar${c?.selected ? ' is-selected' : ''} is-${o.meaning}`}>
              <span className="vote-bar__label">{optionLabel(o, t)}</span>
              <span className="vote-bar__track" aria-hidden="true">
                <span className="vote-bar__fill" style={{ width: `${(count / scale) * 100}%` }} />
              </span>
              <span className="vote-bar__count">{t('votes.result.count', { count })}</span>
              {names.length > 0 && <span className="vote-bar__names">{names.join(', ')}</span>}
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
