/** A pairing code a tablet asked for (the code and the claim secret are stored as SHA-256 only). */
export interface PairingRecord {
  /** SHA-256 of the code, hex. */
  codeHash: string;
  claimHash: string;
  createdAt: string;
  expiresAt: string;
  /** The device it was paired to (null while it waits). */
  deviceId: string | null;
  /** When the tablet picked its credential up: the code is used up. */
  claimedAt: string | null;
}

/** A paired meeting-room tablet. */
export interface DeviceRecord {
  id: string;
  /** SHA-256 of the device credential, hex; null until the tablet claims it. */
  tokenHash: string | null;
  room: string;
  seatLabel: string;
  pairedBy: string;
  pairedAt: string;
  claimedAt: string | null;
  revokedAt: string | null;
  lastSeenAt: string | null;
  /** The last state it reported (JSON of `DeviceStatusInput`), null before any report. */
  status: string | null;
}

/** A session opened with a PIN on a tablet (ended with the meeting, or with the device). */
export interface DeviceSessionRecord {
  sessionId: string;
  deviceId: string;
  userId: string;
  meetingId: string;
  createdAt: string;
}

/** Meeting-room tablets, their pairing codes, PIN sessions and users' PINs (migration 16). */
export interface DevicesRepo {
  createPairing(p: PairingRecord): Promise<void>;
  getPairing(codeHash: string): Promise<PairingRecord | null>;
  /** Binds a waiting code to a device; false when it was already bound (used). */
  bindPairing(codeHash: string, deviceId: string): Promise<boolean>;
  /** Marks a bound code claimed; false when it was claimed already. */
  claimPairing(codeHash: string, at: string): Promise<boolean>;
  /** Forgets codes that expired before `before` and were never bound. */
  deleteExpiredPairings(before: string): Promise<void>;

  create(d: DeviceRecord): Promise<void>;
  getById(id: string): Promise<DeviceRecord | null>;
  getByTokenHash(tokenHash: string): Promise<DeviceRecord | null>;
  /** Every device, newest pairing first. */
  list(): Promise<DeviceRecord[]>;
  setToken(id: string, tokenHash: string, claimedAt: string): Promise<void>;
  /** Marks the device revoked (kept for the record); `RecordNotFoundError` when there is none. */
  revoke(id: string, at: string): Promise<DeviceRecord>;
  /** Records a contact, and the reported state when given. */
  touch(id: string, at: string, status: string | null): Promise<void>;

  addSession(s: DeviceSessionRecord): Promise<void>;
  sessionsOfMeeting(meetingId: string): Promise<DeviceSessionRecord[]>;
  sessionsOfDevice(deviceId: string): Promise<DeviceSessionRecord[]>;
  deleteSession(sessionId: string): Promise<void>;

  /** The argon2 hash of a user's PIN, or null. */
  getPin(userId: string): Promise<string | null>;
  setPin(userId: string, pinHash: string, at: string): Promise<void>;
  deletePin(userId: string): Promise<void>;
}
