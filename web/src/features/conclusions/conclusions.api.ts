import { conclusionsContract as api, type BodyIn } from '@icabinet/shared';
import { call, urlOf } from '../../lib/api';

/** REST calls of conclusions per agenda item and of the conclusion notice's approval. */
export const conclusionsApi = {
  list: (meetingId: string, signal?: AbortSignal) => call(api.list, { params: { id: meetingId }, signal }),
  put: (meetingId: string, itemId: string, body: BodyIn<typeof api.put>) =>
    call(api.put, { params: { id: meetingId, itemId }, body }),
  act: (meetingId: string, body: BodyIn<typeof api.act>) =>
    call(api.act, { params: { id: meetingId }, body }),
  pdfUrl: (meetingId: string) => urlOf(api.pdf, { params: { id: meetingId } }),
};
