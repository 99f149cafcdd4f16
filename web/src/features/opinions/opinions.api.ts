import { opinionsContract as api, type BodyIn } from '@icabinet/shared';
import { call, urlOf } from '../../lib/api';

/** REST calls of written opinions: the secretariat's requests and table, and the member's answers. */
export const opinionsApi = {
  forMeeting: (meetingId: string, signal?: AbortSignal) =>
    call(api.forMeeting, { params: { id: meetingId }, signal }),
  create: (meetingId: string, input: BodyIn<typeof api.create>) =>
    call(api.create, { params: { id: meetingId }, body: input }),
  get: (id: string, signal?: AbortSignal) => call(api.get, { params: { id }, signal }),
  send: (id: string) => call(api.send, { params: { id } }),
  respond: (id: string, input: BodyIn<typeof api.respond>) =>
    call(api.respond, { params: { id }, body: input }),
  csvUrl: (id: string) => urlOf(api.csv, { params: { id } }),
  pdfUrl: (id: string) => urlOf(api.pdf, { params: { id } }),
  mine: (signal?: AbortSignal) => call(api.mine, { signal }),
  answer: (id: string, input: BodyIn<typeof api.answer>) => call(api.answer, { params: { id }, body: input }),
};
