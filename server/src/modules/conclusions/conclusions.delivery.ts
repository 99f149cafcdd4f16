import { IssuedDocumentDelivery } from '../official-documents/issued-delivery.js';
import { NOTICE_DELIVER_JOB, type ConclusionsDeps } from './conclusions.shared.js';

/** Sends an issued conclusion notice to each participant (in the app, and by e-mail with the PDF). */
export class NoticeDelivery extends IssuedDocumentDelivery {
  constructor(deps: ConclusionsDeps) {
    super(deps, {
      job: NOTICE_DELIVER_JOB,
      type: 'conclusion_notice',
      approval: (meetingId) => deps.store.conclusions.getNotice(meetingId),
      title: 'Thông báo kết luận',
      phrase: 'thông báo kết luận cuộc họp',
      kind: 'conclusion_notice.issued',
      header: 'X-ICabinet-Conclusion-Notice',
    });
  }
}
