import type { TFunction } from 'i18next';
import type { Vote, VoteOption } from '@icabinet/shared';

/** An option's words: a motion's three in the interface language, a candidate as prepared. */
export function optionLabel(o: VoteOption, t: TFunction): string {
  switch (o.meaning) {
    case 'for':
      return t('votes.meaning.for');
    case 'against':
      return t('votes.meaning.against');
    case 'abstain':
      return t('votes.meaning.abstain');
    default:
      return o.label;
  }
}

/**
 * The verdict in one sentence with its rule and counts, as the chair reads it out:
 * "Thông qua: 9/15 thành viên tán thành, quá nửa tổng số thành viên".
 */
export function resultSentence(vote: Vote, t: TFunction): string | null {
  const r = vote.result;
  if (!r) return null;
  const verdict: string = t(`votes.verdict.${r.verdict}`);
  const rule: string = t(`votes.rule.${r.rule}`);
  if (r.verdict === 'tie') return t('votes.summary.tie');
  const isMotion = vote.options.some((o) => o.meaning !== 'choice');
  const sum = (meaning: VoteOption['meaning']) =>
    vote.options
      .filter((o) => o.meaning === meaning)
      .reduce((n, o) => n + (r.counts.find((c) => c.id === o.id)?.count ?? 0), 0);
  if (isMotion) {
    if (r.rule === 'plurality')
      return t('votes.summary.plurality', {
        verdict,
        n: String(sum('for')),
        against: String(sum('against')),
        rule,
      });
    const key = r.rule === 'cast' ? 'votes.summary.cast' : 'votes.summary.members';
    return t(key, { verdict, n: String(sum('for')), base: String(r.base), rule });
  }
  const chosen = r.counts.filter((c) => c.selected);
  if (chosen.length === 0) return t('votes.summary.choiceNone', { verdict, rule });
  const names = chosen
    .map((c) => {
      const o = vote.options.find((x) => x.id === c.id);
      return `${o ? optionLabel(o, t) : c.id} (${c.count})`;
    })
    .join(', ');
  return t('votes.summary.choice', { verdict, names, rule });
}

/** The vote the room shows now: the open one, else the one closed last. */
export function currentVote(votes: readonly Vote[]): Vote | null {
  const open = votes.find((v) => v.state === 'open');
  if (open) return open;
  const closed = votes.filter((v) => v.state === 'closed' && v.closedAt);
  closed.sort((a, b) => Date.parse(b.closedAt!) - Date.parse(a.closedAt!));
  return closed[0] ?? null;
}
