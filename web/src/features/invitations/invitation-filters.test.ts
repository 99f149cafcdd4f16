import { describe, expect, it } from 'vitest';
import { InvitationStatus, type Delivery, type Invitation } from '@icabinet/shared';
import {
  countByFilter,
  foldVietnamese,
  matchesFilter,
  matchesSearch,
  parseInvitationFilter,
} from './invitation-filters';

const AT = '2024-11-20T01:00:00.000Z';

function delivery(channel: Delivery['channel'], status: Delivery['status']): Delivery {
  return {
    channel,
    status,
    attempts: 1,
    lastError: status === 'failed' ? '550 5.1.1 mailbox unavailable' : null,
    updatedAt: AT,
  };
}

let next = 0;
function invitation(over: Partial<Invitation> & { status?: InvitationStatus } = {}): Invitation {
  next += 1;
  return {
    id: `inv-${next}`,
    meetingId: 'm-1',
    participantId: `p-${next}`,
    deputyForInvitationId: null,
    recipientName: 'Nguyễn Văn An',
    recipientTitle: 'Giám đốc Sở Tài chính',
    email: 'an.nv@hanoi.gov.vn',
    phone: null,
    userId: null,
    status: 'pending',
    reason: null,
    deputy: null,
    deliveries: [delivery('in_app', 'delivered'), delivery('email', 'sent')],
    sequence: 0,
    openedAt: null,
    repliedAt: null,
    createdAt: AT,
    updatedAt: AT,
    version: 1,
    ...over,
  };
}

describe('the invitation filter chips', () => {
  it('reads the filter from the address and falls back to everyone', () => {
    expect(parseInvitationFilter('failed')).toBe('failed');
    expect(parseInvitationFilter('deputy')).toBe('deputy');
    expect(parseInvitationFilter(null)).toBe('all');
    expect(parseInvitationFilter('')).toBe('all');
    expect(parseInvitationFilter('FAILED')).toBe('all');
    expect(parseInvitationFilter('toString')).toBe('all');
  });

  it('puts an invitation under "failed" when any one channel failed, not while it is retried', () => {
    const emailRefused = invitation({
      deliveries: [delivery('in_app', 'delivered'), delivery('email', 'failed')],
    });
    const gatewayGaveUp = invitation({ deliveries: [delivery('webhook', 'failed')] });
    const retrying = invitation({
      deliveries: [{ ...delivery('webhook', 'queued'), lastError: 'HTTP 500 Internal Server Error' }],
    });
    const noChannel = invitation({ deliveries: [] });
    expect(matchesFilter(emailRefused, 'failed')).toBe(true);
    expect(matchesFilter(gatewayGaveUp, 'failed')).toBe(true);
    expect(matchesFilter(retrying, 'failed')).toBe(false);
    expect(matchesFilter(noChannel, 'failed')).toBe(false);
  });

  it('groups the three deputy states under one chip, and leaves the deputy’s own invitation with those attending', () => {
    // Every status the schema knows, so one added later meets these rules too.
    const items = InvitationStatus.options.map((status) => invitation({ status }));
    const approved = items.find((i) => i.status === 'deputy_approved')!;
    const deputysOwn = invitation({ status: 'attending', deputyForInvitationId: approved.id });
    expect(items.filter((i) => matchesFilter(i, 'deputy')).map((i) => i.status)).toEqual([
      'deputy_pending',
      'deputy_approved',
      'deputy_rejected',
    ]);
    expect(matchesFilter(deputysOwn, 'deputy')).toBe(false);
    expect(matchesFilter(deputysOwn, 'attending')).toBe(true);
    expect(items.filter((i) => matchesFilter(i, 'pending')).map((i) => i.status)).toEqual(['pending']);
    expect(items.filter((i) => matchesFilter(i, 'declined')).map((i) => i.status)).toEqual(['declined']);
  });

  it('counts each chip, an invitation counting under its reply and under "failed" alike', () => {
    const items = [
      invitation({ status: 'pending', deliveries: [delivery('email', 'failed')] }),
      invitation({ status: 'pending' }),
      invitation({ status: 'declined', reason: 'Đi công tác' }),
      invitation({ status: 'deputy_pending' }),
    ];
    expect(countByFilter(items)).toEqual({
      all: 4,
      failed: 1,
      pending: 2,
      declined: 1,
      deputy: 1,
      attending: 0,
    });
    expect(countByFilter([])).toEqual({
      all: 0,
      failed: 0,
      pending: 0,
      declined: 0,
      deputy: 0,
      attending: 0,
    });
  });
});

describe('the invitation search', () => {
  it('ignores case and Vietnamese diacritics, đ included', () => {
    expect(foldVietnamese('  Đỗ   Việt HÙNG ')).toBe('do viet hung');
    const hung = invitation({ recipientName: 'Đỗ Việt Hùng', recipientTitle: 'Giám đốc Sở Xây dựng' });
    expect(matchesSearch(hung, 'hùng')).toBe(true);
    expect(matchesSearch(hung, 'do viet')).toBe(true);
    expect(matchesSearch(hung, 'so xay dung')).toBe(true);
    expect(matchesSearch(hung, 'Sở Tài chính')).toBe(false);
  });

  it('finds a person by unit, e-mail or named deputy, every word counting', () => {
    const mai = invitation({
      recipientName: 'Nguyễn Thị Mai',
      recipientTitle: 'Phó Giám đốc Sở Tài chính',
      email: 'pgd.mai@hanoi.gov.vn',
      status: 'deputy_pending',
      deputy: { fullName: 'Lê Văn Phúc', title: 'Trưởng phòng Tin học', email: null, phone: null },
    });
    expect(matchesSearch(mai, 'tài chính')).toBe(true);
    expect(matchesSearch(mai, 'pgd.mai')).toBe(true);
    expect(matchesSearch(mai, 'phúc')).toBe(true);
    expect(matchesSearch(mai, 'mai xây')).toBe(false);
    expect(matchesSearch(mai, '   ')).toBe(true);
  });
});

describe('reconciled with attendance', () => {
  it('counts someone who checked in as attending, not as "no reply yet" or declined', () => {
    const came = invitation({ status: 'pending', arrivedAt: AT });
    const cameAfterAll = invitation({ status: 'declined', arrivedAt: AT });
    const stillWaiting = invitation({ status: 'pending', arrivedAt: null });
    expect(matchesFilter(came, 'attending')).toBe(true);
    expect(matchesFilter(came, 'pending')).toBe(false);
    expect(matchesFilter(cameAfterAll, 'declined')).toBe(false);
    expect(countByFilter([came, cameAfterAll, stillWaiting])).toMatchObject({
      attending: 2,
      pending: 1,
      declined: 0,
    });
  });
});
