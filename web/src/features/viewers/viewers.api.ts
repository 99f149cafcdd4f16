import { viewersContract as viewers, type BodyIn } from '@icabinet/shared';
import { call, urlOf } from '../../lib/api';

/** REST calls of viewer links (secretariat, site operator) and of the viewer screen itself. */
export const viewersApi = {
  list: (meetingId: string, signal?: AbortSignal) =>
    call(viewers.list, { params: { id: meetingId }, signal }),
  create: (meetingId: string, input: BodyIn<typeof viewers.create>) =>
    call(viewers.create, { params: { id: meetingId }, body: input }),
  revoke: (meetingId: string, linkId: string) => call(viewers.revoke, { params: { id: meetingId, linkId } }),
  /** The viewer screen: no session, so a 401 never sends it to the sign-in page. */
  info: (token: string, signal?: AbortSignal) =>
    call(viewers.info, { params: { token }, signal, redirectOn401: false }),
  fileUrl: (token: string, documentId: string) => urlOf(viewers.file, { params: { token, documentId } }),
};

/** The address a screen opens (and the QR code carries) for a viewer token. */
export const viewerAddress = (token: string): string => `${window.location.origin}/view/${token}`;
