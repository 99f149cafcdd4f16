import type { Messages } from '../vi';

/** Viewer links and the viewer screen. */
export const viewers: Pick<Messages, 'viewers'> = {
  viewers: {
    qrAlt: 'QR code of the viewer link',
    count_one: '{{count}} viewer',
    count_other: '{{count}} viewers',
    links: {
      title: 'Viewer links (screens, phones)',
      intro:
        "A site's screen or a delegate's own phone or tablet opens this link to follow the presented document, the agenda and the speaker — view only, no account. A link stops working when the meeting ends or when it is revoked.",
      for: 'Link for',
      wholeMeeting: 'Whole meeting',
      create: 'Make a viewer link',
      onlyNow:
        'The address and QR code are shown only now (they are not kept). Scan or copy it now; make a new link when needed.',
      copy: 'Copy address',
      copied: 'Copied',
      none: 'No viewer links yet.',
      createdAt: 'made at {{time}}',
      revokedAt: 'revoked at {{time}}',
      revoke: 'Revoke',
    },
    screen: {
      loading: 'Connecting to the meeting room…',
      cannot: 'The viewer screen cannot open',
      lost: 'Lost the connection to the server. Check the network, then reload the page.',
      revoked: 'The viewer link was revoked or the meeting has ended.',
      readOnly: 'View only',
      reconnecting: 'Reconnecting…',
      ended: 'The meeting has ended.',
      notStarted: 'The meeting has not started (planned for {{time}}).',
      agenda: 'Agenda',
      noAgenda: 'No agenda yet.',
      notes: 'Shared notes on the page',
    },
  },
};
