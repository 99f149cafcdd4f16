import { createHash } from 'node:crypto';
import type { AuditAction, AuditEntry, AuditVerifyResult } from '@icabinet/shared';
import { DuplicateKeyError, type Store } from '../../store/port.js';
import { canonicalJson } from '../../lib/canonical-json.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../logger.js';

/** How often the chain head is written to the application log. */
export const ANCHOR_PERIOD_MS = 24 * 60 * 60 * 1000;

/** The chain head at one moment, as written to the application log. */
export interface AuditAnchor {
  at: string;
  seq: number;
  hash: string;
}

/** The hash that the first entry links to. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  actorId: string | null;
  action: AuditAction;
  targetType?: string | null;
  targetId?: string | null;
  /** Never passwords, tokens or ballot choices. */
  data?: Record<string, unknown>;
  ip?: string | null;
}

/** Hash of an entry: sha256 over the previous hash and the canonical JSON of every other field. */
export function hashEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const { prevHash, ...rest } = entry;
  return createHash('sha256').update(prevHash).update(canonicalJson(rest)).digest('hex');
}

/**
 * Appends hash-chained audit entries and verifies the chain. Appends are serialised in this
 * process; a unique seq in the store makes a second process's concurrent append retry.
 */
export class AuditService {
  private tail: Promise<unknown> = Promise.resolve();
  private anchorTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Records one entry and returns it. */
  record(input: AuditInput): Promise<AuditEntry> {
    const run = this.tail.then(() => this.append(input));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async append(input: AuditInput): Promise<AuditEntry> {
    for (let attempt = 0; ; attempt++) {
      const last = await this.store.audit.last();
      const base: Omit<AuditEntry, 'hash'> = {
        seq: (last?.seq ?? 0) + 1,
        at: this.clock.now().toISOString(),
        actorId: input.actorId,
        action: input.action,
        targetType: input.targetType ?? null,
        targetId: input.targetId ?? null,
        data: input.data ?? {},
        ip: input.ip ?? null,
        prevHash: last?.hash ?? GENESIS_HASH,
      };
      const entry: AuditEntry = { ...base, hash: hashEntry(base) };
      try {
        await this.store.audit.append(entry);
        return entry;
      } catch (err) {
        if (err instanceof DuplicateKeyError && attempt < 5) continue;
        throw err;
      }
    }
  }

  /**
   * Writes the chain head (seq and hash) to the application log. Log files are kept apart from
   * the database, so a rewrite of the whole table (a new chain that verifies on its own) no longer
   * matches the heads logged before it.
   */
  async anchor(logger: Logger): Promise<AuditAnchor> {
    await this.tail;
    const last = await this.store.audit.last();
    const head: AuditAnchor = {
      at: this.clock.now().toISOString(),
      seq: last?.seq ?? 0,
      hash: last?.hash ?? GENESIS_HASH,
    };
    logger.info({ auditAnchor: head }, 'audit chain head');
    return head;
  }

  /**
   * Anchors now and then once a day (the returned promise settles after the first one); the timer does not keep the process alive. `onAnchor` also
   * sends each head elsewhere (AUDIT_ANCHOR_EMAIL: a persisted mail job).
   */
  startAnchoring(
    logger: Logger,
    periodMs = ANCHOR_PERIOD_MS,
    onAnchor: (anchor: AuditAnchor) => Promise<void> = () => Promise.resolve(),
  ): Promise<void> {
    if (this.anchorTimer) return Promise.resolve();
    const run = () =>
      this.anchor(logger)
        .then(onAnchor)
        .catch((err: unknown) => logger.error({ err }, 'audit anchor failed'));
    this.anchorTimer = setInterval(() => void run(), periodMs);
    this.anchorTimer.unref();
    // The first anchor (and its mail job, when configured) is in place when this resolves; a
    // failure is logged, never thrown: anchoring must not stop the server from starting.
    return run();
  }

  stopAnchoring(): void {
    if (this.anchorTimer) clearInterval(this.anchorTimer);
    this.anchorTimer = null;
  }

  /** Walks the whole chain in order and reports the first entry that does not fit. */
  async verify(): Promise<AuditVerifyResult> {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let count = 0;
    for (;;) {
      const batch = await this.store.audit.listAfter(expectedSeq - 1, 500);
      if (batch.length === 0) break;
      for (const entry of batch) {
        if (entry.seq !== expectedSeq)
          return { intact: false, entries: count, firstBad: { seq: entry.seq, reason: 'gap' } };
        if (entry.prevHash !== prevHash)
          return { intact: false, entries: count, firstBad: { seq: entry.seq, reason: 'broken_link' } };
        const { hash, ...rest } = entry;
        if (hashEntry(rest) !== hash)
          return { intact: false, entries: count, firstBad: { seq: entry.seq, reason: 'hash_mismatch' } };
        prevHash = hash;
        expectedSeq++;
        count++;
      }
    }
    return { intact: true, entries: count, firstBad: null };
  }
}
