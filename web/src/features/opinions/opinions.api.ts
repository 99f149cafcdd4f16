import { opinionsContract as api, type BodyIn } from '@icabinet/shared';
import { call, urlOf } from '../../lib/api';

/** REST calls of written opinions: the secretariat's requests and table, and the member's answers. */
export const opinionsApi = {
  forMeeting: (meetingId: string, signal?: AbortSignal) =>
    call(api.forMeeting, { params: { id: meetingId }, signal }),
  create: (meetingId: string, input: BodyIn<typeof api.create>) =>
    call(api.create, { params: { id: meetingId }, body: input }),
  get: (id: string, signal?: AbortSignal) => call(api.get, { params: { id }, signal }),
  update: (id: string, input: BodyIn<typeof api.update>) => call(api.update, { params: { id }, body: input }),
  remove: (id: string, version: number) => call(api.remove, { params: { id }, query: { version } }),
  send: (id: string) => call(api.send, { params: { id } }),
  respond: (id: string, input: BodyIn<typeof api.respond>) =>
    call(api.respond, { params: { id }, body: input }),
  csvUrl: (id: string) => urlOf(api.csv, { params: { id } }),
  pdfUrl: (id: string) => urlOf(api.pdf, { params: { id } }),
  mine: (signal?: AbortSignal) => call(api.mine, { signal }),
  answer: (id: string, input: BodyIn<typeof api.answer>) => call(api.answer, { params: { id }, body: input }),
};
