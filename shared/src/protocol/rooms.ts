/** Socket.IO room of everyone connected to one meeting. */
export const meetingRoom = (meetingId: string): string => `meeting:${meetingId}`;
/** Socket.IO room of the organisers following a meeting's votes (who has not voted yet). */
export const voteControlRoom = (meetingId: string): string => `meeting:${meetingId}:votes`;
/** Socket.IO room of the shared annotation layer of one document. */
export const docSharedRoom = (documentId: string): string => `doc:${documentId}:shared`;
/** Socket.IO room of one user's private annotation layer of one document. */
export const docPrivateRoom = (documentId: string, userId: string): string => `doc:${documentId}:u:${userId}`;
/** Socket.IO room of all sockets of one user (notifications). */
export const userRoom = (userId: string): string => `user:${userId}`;
/** Sockets that follow an online briefing's roll-up of sites (chair console, display). */
export const briefingWatchRoom = (meetingId: string): string => `briefing:${meetingId}:watch`;
/** Every socket that keeps a site of this briefing connected (operators' screens). */
export const briefingSitesRoom = (meetingId: string): string => `briefing:${meetingId}:sites`;
/** The sockets of one site in one briefing. */
export const briefingSiteRoom = (meetingId: string, siteId: string): string =>
  `briefing:${meetingId}:site:${siteId}`;
/** Every viewer screen following one viewer link (revoking the link disconnects them). */
export const viewerLinkRoom = (linkId: string): string => `viewer:${linkId}`;
/** Every viewer screen following one meeting (counted per site in the briefing roll-up). */
export const viewersRoom = (meetingId: string): string => `meeting:${meetingId}:viewers`;
/** The chair's moderator queue of questions from sites. */
export const questionsModeratorRoom = (meetingId: string): string => `briefing:${meetingId}:questions`;
/** The screens of one site following its own questions. */
export const siteQuestionsRoom = (meetingId: string, siteId: string): string =>
  `briefing:${meetingId}:site:${siteId}:questions`;
/** The sockets of one paired meeting-room tablet (its device credential, no account). */
export const deviceRoom = (deviceId: string): string => `device:${deviceId}`;
/** The fleet pages open now (secretariat): they hear each tablet's state as it changes. */
export const FLEET_ROOM = 'fleet';
