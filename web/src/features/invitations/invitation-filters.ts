import type { Invitation, MeetingStatus } from '@icabinet/shared';

/**
 * The tracking tab's quick filters, in the order the chips show them: first what needs the
 * secretariat (failed sends, no reply yet, absences, deputies), then the people who come.
 */
export const INVITATION_FILTERS = ['all', 'failed', 'pending', 'declined', 'deputy', 'attending'] as const;
export type InvitationFilter = (typeof INVITATION_FILTERS)[number];

/** The filter named in the address (`?filter=failed`); anything unknown shows everyone. */
export function parseInvitationFilter(value: string | null): InvitationFilter {
  return (INVITATION_FILTERS as readonly string[]).includes(value ?? '')
    ? (value as InvitationFilter)
    : 'all';
}

/** At least one channel gave up (the mail server refused, the gateway never answered…). */
export function hasFailedDelivery(invitation: Invitation): boolean {
  return invitation.deliveries.some((d) => d.status === 'failed');
}

/** Whether an invitation belongs under a filter chip. */
export function matchesFilter(invitation: Invitation, filter: InvitationFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'failed':
      return hasFailedDelivery(invitation);
    // Someone who checked in at the meeting came, whatever they replied (or did not).
    case 'pending':
      return invitation.status === 'pending' && !invitation.arrivedAt;
    case 'declined':
      return invitation.status === 'declined' && !invitation.arrivedAt;
    case 'deputy':
      // Named a deputy, whatever the secretariat decided (the deputy's own invitation is "attending").
      return (
        invitation.status === 'deputy_pending' ||
        invitation.status === 'deputy_approved' ||
        invitation.status === 'deputy_rejected'
      );
    case 'attending':
      return invitation.status === 'attending' || !!invitation.arrivedAt;
  }
}

/** Meeting statuses after which invitations are no longer sent again (the server refuses too). */
export function invitationsClosed(status: MeetingStatus): boolean {
  return status === 'ended' || status === 'closed' || status === 'cancelled';
}

/** Lower case without diacritics, so "so tai chinh" finds "Sở Tài chính" and "dung" finds "Dũng". */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether the search words all appear in the person's name, title (with the unit), e-mail or deputy. */
export function matchesSearch(invitation: Invitation, query: string): boolean {
  const words = foldVietnamese(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const haystack = foldVietnamese(
    [
      invitation.recipientName,
      invitation.recipientTitle,
      invitation.email,
      invitation.deputy?.fullName,
      invitation.deputy?.title,
    ]
      .filter(Boolean)
      .join(' · '),
  );
  return words.every((w) => haystack.includes(w));
}

/** How many invitations each chip would show (within the current search). */
export function countByFilter(invitations: readonly Invitation[]): Record<InvitationFilter, number> {
  const counts = Object.fromEntries(INVITATION_FILTERS.map((f) => [f, 0])) as Record<
    InvitationFilter,
    number
  >;
  for (const invitation of invitations) {
    for (const f of INVITATION_FILTERS) if (matchesFilter(invitation, f)) counts[f] += 1;
  }
  return counts;
}
