import { IssuedDocumentDelivery } from '../official-documents/issued-delivery.js';
import { MINUTES_DELIVER_JOB, type MinutesApprovalDeps } from './minutes.approval.js';

/** Sends issued minutes to each participant (in the app, and by e-mail with the PDF). */
export class MinutesDelivery extends IssuedDocumentDelivery {
  constructor(deps: MinutesApprovalDeps) {
    super(deps, {
      job: MINUTES_DELIVER_JOB,
      type: 'minutes',
      approval: (meetingId) => deps.store.minutes.getApproval(meetingId),
      title: 'Biên bản cuộc họp',
      phrase: 'biên bản cuộc họp',
      kind: 'minutes.issued',
      header: 'X-ICabinet-Minutes',
    });
  }
}
