/**
 * Settings an administrator changes while the server runs (the security settings: password
 * policy, two-step sign-in), one JSON value per key, with optimistic versions like every record.
 * The service validates a value when it reads it; the store keeps it as given.
 */
export interface SettingRecord {
  key: string;
  value: unknown;
  /** 1 after the first save; a key never saved has no record (the service uses its defaults). */
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

export interface SettingsRepo {
  get(key: string): Promise<SettingRecord | null>;
  /**
   * Saves a value if the stored version equals `expectedVersion` (0 when none is stored yet),
   * else `VersionConflictError('setting', key)`; answers the stored record (version + 1).
   */
  put(
    key: string,
    value: unknown,
    expectedVersion: number,
    at: string,
    by: string | null,
  ): Promise<SettingRecord>;
}

/** Argon2 hashes of a user's previous passwords, newest first (the current one is on the user). */
export interface PasswordHistoryRepo {
  /** Adds a replaced password's hash and keeps only the newest `keep` of the user. */
  add(userId: string, hash: string, at: string, keep: number): Promise<void>;
  /** The newest `limit` hashes, newest first. */
  list(userId: string, limit: number): Promise<string[]>;
}
