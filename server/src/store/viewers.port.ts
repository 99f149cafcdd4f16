/** One viewer link of a meeting (the token itself is never stored: only its SHA-256). */
export interface ViewerLinkRecord {
  id: string;
  meetingId: string;
  /** The site it was made for (null: the meeting as a whole). */
  siteId: string | null;
  /** SHA-256 of the token, hex; unique. */
  tokenHash: string;
  label: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

/** Viewer links: looked up by the hash of the token a screen presents. */
export interface ViewerLinksRepo {
  create(link: ViewerLinkRecord): Promise<void>;
  getById(id: string): Promise<ViewerLinkRecord | null>;
  getByTokenHash(tokenHash: string): Promise<ViewerLinkRecord | null>;
  /** The meeting's links, oldest first. */
  listByMeeting(meetingId: string): Promise<ViewerLinkRecord[]>;
  /** Marks the link revoked (kept, for the record); `RecordNotFoundError` when there is none. */
  revoke(id: string, at: string): Promise<ViewerLinkRecord>;
}
