import { formatLongDateTime, toCsv, type Vote } from '@icabinet/shared';
import { t, type Lang, type MessageKey } from '../../i18n/messages.js';

const COLUMNS: readonly MessageKey[] = [
  'vote_csv_question',
  'vote_csv_kind',
  'vote_csv_rule',
  'vote_csv_state',
  'vote_csv_option',
  'vote_csv_count',
  'vote_csv_percent',
  'vote_csv_selected',
  'vote_csv_verdict',
  'vote_csv_members',
  'vote_csv_entitled',
  'vote_csv_cast',
  'vote_csv_closed_at',
  'vote_csv_voters',
];

/**
 * A meeting's votes as CSV, one line per option (UTF-8 with BOM, every cell quoted and defused
 * against formulas). Who chose an option is listed only for a named vote.
 */
export function votesCsv(votes: readonly Vote[], lang: Lang): string {
  const rows: string[][] = [COLUMNS.map((k) => t(lang, k))];
  for (const v of votes) {
    const r = v.result;
    for (const o of v.options) {
      const count = r?.counts.find((c) => c.id === o.id);
      const members = r?.members ?? v.members ?? 0;
      const voters = r?.choices
        ? r.choices
            .filter((c) => c.choice.includes(o.id))
            .map((c) => c.name)
            .join('; ')
        : '';
      rows.push([
        v.question,
        t(lang, `vote_kind_${v.kind}`),
        t(lang, `vote_rule_${v.rule}`),
        t(lang, `vote_state_${v.state}`),
        o.label,
        count ? String(count.count) : '',
        count && members > 0 ? ((count.count * 100) / members).toFixed(1) : '',
        count ? t(lang, count.selected ? 'vote_csv_yes' : 'vote_csv_no') : '',
        r ? t(lang, `vote_verdict_${r.verdict}`) : '',
        r ? String(r.members) : '',
        r ? String(r.entitled) : '',
        r ? String(r.cast) : '',
        v.closedAt && v.state === 'closed' ? formatLongDateTime(v.closedAt, lang) : '',
        voters,
      ]);
    }
  }
  return toCsv(rows, { quoteAll: true });
}
