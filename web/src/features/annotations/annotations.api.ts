import { annotationsContract as annotations } from '@icabinet/shared';
import { call } from '../../lib/api';

/** REST calls of the annotation layers (the layers themselves travel over the socket). */
export const annotationsApi = {
  /** "Ghi chú của tôi": my notes in every document of a meeting I may read. */
  myNotes: (meetingId: string, signal?: AbortSignal) =>
    call(annotations.myNotes, { params: { meetingId }, signal }),
};
