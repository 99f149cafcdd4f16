/**
 * A user's second factor (TOTP, RFC 6238) as stored: the shared secret, whether enrolment was
 * confirmed, the last time step used (so a code is never accepted twice), the argon2 hashes of
 * the unused recovery codes, and the pending sign-in challenge between the password and the code.
 */
export interface SecondFactorRecord {
  userId: string;
  /** Base32 secret, as the authenticator app holds it. */
  secret: string;
  /** When enrolment was confirmed with a first code; null while it is still being set up. */
  enabledAt: string | null;
  /** The highest TOTP time step accepted so far (0 for none). */
  lastStep: number;
  recoveryHashes: string[];
  /** sha256 of the pending sign-in token, and when it ends (both null when none). */
  challengeId: string | null;
  challengeExpiresAt: string | null;
  createdAt: string;
}

export interface SecondFactorsRepo {
  get(userId: string): Promise<SecondFactorRecord | null>;
  /** Starts an enrolment: replaces an unconfirmed record; false (nothing changed) when one is enabled. */
  begin(record: SecondFactorRecord): Promise<boolean>;
  /** Confirms an enrolment; false when it was confirmed meanwhile or is gone. */
  enable(userId: string, at: string, step: number, recoveryHashes: string[]): Promise<boolean>;
  /** Records a used time step if it is newer than the last one; false means a replay. */
  useStep(userId: string, step: number): Promise<boolean>;
  /** Swaps the recovery hashes if they are still `expected`; false when another request used one first. */
  replaceRecovery(userId: string, expected: string[], next: string[]): Promise<boolean>;
  setChallenge(userId: string, challengeId: string | null, expiresAt: string | null): Promise<void>;
  getByChallenge(challengeId: string): Promise<SecondFactorRecord | null>;
  /** Removes the second factor; false when there was none. */
  delete(userId: string): Promise<boolean>;
}
