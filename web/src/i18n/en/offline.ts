import type { Messages } from '../vi';

/** The tablet home screen's meetings and the offline meeting pack. */
export const offline: Pick<Messages, 'nextMeetings' | 'offlinePack'> = {
  nextMeetings: {
    title: 'My next meetings',
    empty: 'You have no meetings coming up.',
    emptyHint:
      'When you are invited, the meeting appears here with its documents, readable even without a network.',
    loadError: 'Could not load the meetings.',
    upcoming: 'Upcoming',
    inProgress: 'In session',
    enterRoom: 'Enter the room',
    details: 'Details',
    replyPending: 'Invitation not answered yet',
    reply: 'Reply',
    votesOpen_one: '{{count}} vote open',
    votesOpen_other: '{{count}} votes open',
    votesPrepared_one: '{{count}} vote prepared',
    votesPrepared_other: '{{count}} votes prepared',
    documents_one: '{{count}} document',
    documents_other: '{{count}} documents',
    more: 'All my meetings',
  },
  offlinePack: {
    ready: 'Ready offline',
    readyDetail: '{{files}} documents, {{size}} kept on this device',
    excluded_one: '{{count}} confidential document only with a network',
    excluded_other: '{{count}} confidential documents only with a network',
    downloading: 'Downloading documents for offline use… {{percent}}%',
    downloadingDetail: '{{done}} / {{total}}',
    none: 'Not on this device yet',
    download: 'Download',
    retry: 'Try again',
    quota: 'This device has no room left to keep the meeting documents.',
    quotaDetail: '{{need}} needed, {{free}} free. Clear some browser data and try again.',
    network: 'Could not download the documents for offline use (no connection).',
    insecure:
      'The server is opened over http:// — browsers keep offline documents only over https://. Ask the administrator to set up HTTPS for the server.',
    unsupported: 'This browser cannot keep documents for offline use.',
    progressLabel: 'Download progress',
    policy:
      'Confidential documents (of a confidential meeting, or stamped with the reader’s name) are never kept on a tablet: they open only with a network.',
  },
};
