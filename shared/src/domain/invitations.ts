import type { Invitation, InvitationCounts } from '../schemas/invitation.js';

/** The secretariat's counts of invitations (server answer, and the web after a live change). */
export function countsOf(items: readonly Invitation[]): InvitationCounts {
  const byStatus = {
    pending: 0,
    attending: 0,
    declined: 0,
    deputy_pending: 0,
    deputy_approved: 0,
    deputy_rejected: 0,
  };
  const zero = () => ({ queued: 0, sent: 0, delivered: 0, failed: 0 });
  const byDelivery = { in_app: zero(), email: zero(), webhook: zero() };
  let opened = 0;
  let checkedIn = 0;
  for (const i of items) {
    // Reconciled with the room's attendance: someone who checked in came, whatever they replied.
    if (i.arrivedAt) checkedIn++;
    byStatus[i.arrivedAt ? 'attending' : i.status]++;
    if (i.openedAt) opened++;
    for (const d of i.deliveries) byDelivery[d.channel][d.status]++;
  }
  return { total: items.length, byStatus, byDelivery, opened, checkedIn };
}
