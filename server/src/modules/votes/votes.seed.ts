import { MOTION_OPTIONS, type MajorityRule } from '@icabinet/shared';
import { newId } from '../../lib/ids.js';
import type { Store } from '../../store/port.js';

/** A vote as the demo fixture writes it on an agenda item. */
export interface DemoVote {
  question: string;
  options: string[];
  secret: boolean;
  majority: string;
}

/** The fixture's words for a rule: "more than half of the delegates" → `members`, "plurality" → `plurality`. */
export function ruleOfDemo(majority: string): MajorityRule {
  const m = majority.toLowerCase();
  if (m.includes('plurality')) return 'plurality';
  if (m.includes('two thirds') || m.includes('2/3')) return 'members_two_thirds';
  if (m.includes('cast')) return 'cast';
  return 'members';
}

/**
 * The demo meeting's prepared votes, one per agenda item that has one (matched by title). Options
 * equal to the motion's three become a motion; others are a choice of one. Does nothing when the
 * meeting already has votes.
 */
export async function seedDemoVotes(
  store: Store,
  meetingId: string,
  createdBy: string,
  items: readonly { title: string; vote?: DemoVote | null | undefined }[],
  now: string,
): Promise<number> {
  if ((await store.votes.listByMeeting(meetingId)).length > 0) return 0;
  const agenda = await store.agenda.list(meetingId);
  let n = 0;
  for (const item of items) {
    const v = item.vote;
    if (!v) continue;
    const isMotion =
      v.options.length === MOTION_OPTIONS.length && v.options.every((o, i) => o === MOTION_OPTIONS[i]?.label);
    await store.votes.create({
      id: newId(),
      meetingId,
      agendaItemId: agenda.find((a) => a.title === item.title)?.id ?? null,
      question: v.question,
      options: isMotion
        ? MOTION_OPTIONS.map((o) => ({ ...o }))
        : v.options.map((label, i) => ({ id: `c${i + 1}`, label, meaning: 'choice' as const })),
      maxChoices: 1,
      kind: v.secret ? 'secret' : 'open',
      rule: ruleOfDemo(v.majority),
      allowChange: !v.secret,
      durationSeconds: null,
      state: 'prepared',
      createdBy,
      // One millisecond apart, so they list in the agenda's order.
      createdAt: new Date(Date.parse(now) + n).toISOString(),
      openedAt: null,
      closesAt: null,
      closedAt: null,
      seats: null,
      members: null,
      voted: 0,
      result: null,
      annulReason: null,
      annulledAt: null,
      rerunOf: null,
      rerunId: null,
      version: 0,
    });
    n++;
  }
  return n;
}
