import path from 'node:path';
import { z } from 'zod';
import type { FollowUpSettings, SystemRole } from '@icabinet/shared';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
/** A list of lead times such as `24h,1h` or `30m` (`off` for none), in minutes, longest first. */
const leadTimes = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .transform((v, ctx) => {
      if (v === '' || v === 'off') return [];
      const minutes: number[] = [];
      for (const part of v.split(',').map((x) => x.trim())) {
        const m = /^(\d+)\s*(h|m)$/.exec(part);
        if (!m) {
          ctx.addIssue({ code: 'custom', message: `"${part}" is not a duration like 24h or 30m` });
          return z.NEVER;
        }
        minutes.push(Number(m[1]) * (m[2] === 'h' ? 60 : 1));
      }
      return [...new Set(minutes)].sort((a, b) => b - a);
    });

const optionalUrl = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined))
  .pipe(z.string().url().optional());

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: optionalUrl,
  MONGODB_URI: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(
      z
        .string()
        .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
        .optional(),
    ),
  REDIS_URL: optionalUrl,
  SMTP_URL: optionalUrl,
  ICABINET_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').max(200).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(10000).default(50),
  LOGIN_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(15 * 60),
  SOCKET_MAX_PAYLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  SOCKET_EVENTS_PER_SECOND: z.coerce.number().int().min(1).max(10000).default(20),
  SOCKET_EVENT_BURST: z.coerce.number().int().min(1).max(10000).default(60),
  /** Page turns in the live room: `process` (default) survives a killed server, `power` a power cut too. */
  ROOM_PAGE_DURABILITY: z.enum(['process', 'power']).default('process'),
  /** How often each process re-checks its sockets' sessions, so listeners-only sockets also end on time. */
  SOCKET_SESSION_SWEEP_SECONDS: z.coerce.number().min(0.05).max(3600).default(10),
  TRUST_PROXY: bool.default(false),
  /** Two-factor sign-in (TOTP) required for administrators and the secretariat. */
  TWO_FACTOR_REQUIRED: bool.default(false),
  /** Annotation layers: re-encode a layer after this many stored updates; unload it after this many idle seconds. */
  ANNOTATION_COMPACT_AFTER: z.coerce.number().int().min(2).max(100_000).default(400),
  /** ...once the layer has had no stored update for this long (milliseconds; 0: at once). */
  ANNOTATION_COMPACT_QUIET_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  ANNOTATION_IDLE_SECONDS: z.coerce
    .number()
    .min(0.05)
    .max(24 * 3600)
    .default(60),
  /** Online briefings: a site whose operator's screens are all gone this long counts as dropped. */
  BRIEFING_DROP_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  /** Meeting-room tablets: how long after the meeting ends a PIN session may still sync notes before it is ended. */
  DEVICE_SIGNOUT_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(120),
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(4096).default(100),
  MAX_PDF_PAGES: z.coerce.number().int().min(1).max(100_000).default(5000),
  PDF_PARSE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  ORGANISATION_NAME: z.string().trim().min(1).max(200).default('Văn phòng UBND Thành phố'),
  MAIL_FROM: z
    .string()
    .trim()
    .email('must be an e-mail address, e.g. vanphong@ubnd.gov.vn')
    .default('no-reply@icabinet.local'),
  /** Where the daily audit chain head is also e-mailed (kept away from the server); off when unset. */
  AUDIT_ANCHOR_EMAIL: z
    .string()
    .trim()
    .email('must be an e-mail address, e.g. antoanthongtin@ubnd.gov.vn')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  WEBHOOK_URL: optionalUrl,
  WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(5000),
  LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  REMINDERS: leadTimes('24h,1h'),
  /** Reminders before the deadline of a request for written opinions. */
  OPINION_REMINDERS: leadTimes('24h,2h'),
  /** Follow-up tasks: days before the deadline at which the lead unit is reminded (`off` for none). */
  TASK_REMINDER_DAYS: z
    .string()
    .trim()
    .default('3,1')
    .transform((v, ctx) => {
      if (v === '' || v === 'off') return [];
      const days = v.split(',').map((x) => Number(x.trim()));
      if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 60)) {
        ctx.addIssue({ code: 'custom', message: 'must be whole days between 1 and 60, e.g. 3,1' });
        return z.NEVER;
      }
      return [...new Set(days)].sort((a, b) => b - a);
    }),
  /** Remind the lead unit on the deadline day itself. */
  TASK_REMIND_ON_DAY: bool.default(true),
  /** Days after the deadline at which an unaccepted task is escalated to the unit's head (0: the next morning). */
  TASK_ESCALATE_AFTER_DAYS: z.coerce.number().int().min(0).max(30).default(0),
  /** Hour of the day (city time, 0–23) at which task reminders go out. */
  TASK_REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  INVITATION_UNIT_COST_VND: z.coerce.number().int().min(0).max(10_000_000).default(1000),
  /** Reports: what one printed page costs, and how many copies of each document (unset: one per participant). */
  PRINTED_PAGE_COST_VND: z.coerce.number().int().min(0).max(1_000_000).default(500),
  PRINT_COPIES_PER_DOCUMENT: z.coerce.number().int().min(1).max(1000).optional(),
  DEPUTY_AUTO_APPROVE: bool.default(false),
  /**
   * Outgoing event webhooks may point at loopback addresses (127.0.0.0/8, ::1, localhost): for tests
   * and development only; never this server's own address and port.
   */
  WEBHOOKS_ALLOW_LOOPBACK: bool.default(false),
  /** Scheduled backups: on when BACKUP_DIR is set (SQLite store only). */
  BACKUP_DIR: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined)),
  BACKUP_INTERVAL_HOURS: z.coerce
    .number()
    .min(1 / 60, 'must be at least 0.0167 (one minute)')
    .max(24 * 31)
    .default(24),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(7),
  /** Official documents (Decree 30): the issuing body, one line per `|` (printed in capitals). */
  DOC_ISSUER: z
    .string()
    .trim()
    .default('Ủy ban nhân dân|Thành phố Hà Nội')
    .transform((v) =>
      v
        .split('|')
        .map((l) => l.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().max(60, 'each line at most 60 characters'))
        .min(1, 'must name the issuing body')
        .max(3, 'at most 3 lines'),
    ),
  /** The issuing body's abbreviation after the document type: Số: 15/GM-UBND. */
  DOC_ISSUER_SYMBOL: z
    .string()
    .trim()
    .default('UBND')
    .pipe(
      z
        .string()
        .regex(
          /^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$/u,
          'capitals and digits, parts joined by "-", e.g. UBND or VP-UBND',
        )
        .max(30),
    ),
  /** The place name of the date line: "Hà Nội, ngày 04 tháng 12 năm 2026". */
  DOC_PLACE: z.string().trim().min(1).max(60).default('Hà Nội'),
  /** Signature block: the authority ("TL. CHỦ TỊCH"; empty when the head signs), position and name. */
  DOC_SIGNER_AUTHORITY: z.string().trim().max(60).default('TL. Chủ tịch'),
  DOC_SIGNER_POSITION: z.string().trim().min(1).max(60).default('Chánh Văn phòng'),
  DOC_SIGNER_NAME: z.string().trim().max(60).default(''),
  /** Digital signatures: a folder of trusted root certificates (PEM or DER), e.g. the government CA roots. */
  TRUSTED_ROOTS_DIR: z.string().trim().optional(),
  /** The organisation's seal (PNG) drawn in the signature block when the issuing authority signs. */
  DOC_SEAL_IMAGE: z.string().trim().optional(),
  /** How long an external signer (USB token, remote signing service) has to send the signature back. */
  EXTERNAL_SIGNER_TIMEOUT_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
});

/** The parsed, validated configuration. Nothing else reads `process.env`. */
export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  publicUrl: string | undefined;
  mongodbUri: string | undefined;
  redisUrl: string | undefined;
  smtpUrl: string | undefined;
  adminPassword: string | undefined;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  webDist: string | undefined;
  /** Sessions; `secondFactorRequiredFor` lists the roles that must enrol a TOTP second factor. */
  session: {
    idleMs: number;
    absoluteMs: number;
    secureCookie: boolean;
    secondFactorRequiredFor: SystemRole[];
  };
  loginThrottle: { maxFailures: number; maxFailuresPerIp: number; windowMs: number };
  socket: { maxPayloadBytes: number; eventsPerSecond: number; burst: number; sessionSweepMs: number };
  trustProxy: boolean;
  /** Durability of page turns (server/src/modules/room/durability.ts). */
  room: { pageDurability: 'process' | 'power' };
  /**
   * Annotation layers (Yjs): compaction threshold in stored updates, the quiet time a compaction
   * waits for (forced at 4× the threshold), idle time before unloading.
   */
  annotations: { compactAfterRows: number; compactQuietMs: number; idleMs: number };
  /** Online briefings: how long a site may be gone before the roll-up shows it dropped. */
  briefings: { dropAfterMs: number };
  /** Meeting-room tablets: the grace after a meeting's end before its PIN sessions are ended. */
  devices: { signOutGraceMs: number };
  /** PDF uploads: size cap per file (enforced while streaming), page limit, parse timeout. */
  documents: { maxUploadBytes: number; maxPdfPages: number; parseTimeoutMs: number };
  /** Invitations: sender, SMS/Zalo gateway, link secret, reminders, cost figures, deputies. */
  invitations: {
    organisation: string;
    mailFrom: string;
    webhook: { url: string; secret: string; timeoutMs: number } | null;
    linkSecret: string | undefined;
    reminderMinutes: number[];
    unitCostVnd: number;
    autoApproveDeputies: boolean;
  };
  /** Written opinions between meetings: reminders before the deadline (minutes, longest first). */
  opinions: { reminderMinutes: number[] };
  /** Outgoing event webhooks: whether loopback receivers are allowed (tests, development), call timeout. */
  integrations: { allowLoopbackWebhooks: boolean; timeoutMs: number };
  /** Reports: the defaults of the unit costs an administrator may change in the app. */
  reports: { printedPageVnd: number; copiesPerDocument: number | null };
  /** Follow-up tasks: the default reminder times (an administrator may change them: setting `followUp`). */
  tasks: { followUp: FollowUpSettings };
  /** Scheduled backups into `dir` every `intervalMs`, keeping the newest `keep`; null when off. */
  backup: { dir: string; intervalMs: number; keep: number } | null;
  /** The daily audit anchor is also e-mailed here (a persisted job), when set. */
  auditAnchorEmail: string | undefined;
  /** Who issues official documents (Decree 30) and how they are signed. */
  officialDocuments: OfficialDocumentsConfig;
  /** Digital signatures (PAdES): trusted roots, the seal, the external signer's timeout. */
  signatures: SignaturesConfig;
}

/** Settings of modules/signatures. */
export interface SignaturesConfig {
  /** Absolute path of the folder of trusted root certificates, or undefined (no root trusted). */
  trustedRootsDir: string | undefined;
  /** Absolute path of the seal PNG, or undefined (a drawn seal). */
  sealImage: string | undefined;
  externalTimeoutMs: number;
}

/** The issuing body's details printed on official documents (see modules/official-documents). */
export interface OfficialDocumentsConfig {
  /** The issuing body's name, line by line, as configured (printed in capitals). */
  issuer: string[];
  /** e.g. `UBND`, after the type: 15/GM-UBND. */
  issuerSymbol: string;
  /** The place name of the date line. */
  place: string;
  signer: { authority: string; position: string; name: string };
}

/** Thrown when the environment is invalid; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses configuration from an environment map (process.env in production, a literal in tests). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) {
    throw new ConfigError([
      'WEBHOOK_SECRET: required when WEBHOOK_URL is set (the gateway checks the HMAC signature)',
    ]);
  }
  if (e.BACKUP_DIR && e.MONGODB_URI) {
    throw new ConfigError([
      'BACKUP_DIR: scheduled backups cover the SQLite store; with MONGODB_URI back up with mongodump ' +
        '(see "Backups and restore" in the README)',
    ]);
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir: path.resolve(e.DATA_DIR),
    publicUrl: e.PUBLIC_URL,
    mongodbUri: e.MONGODB_URI,
    redisUrl: e.REDIS_URL,
    smtpUrl: e.SMTP_URL,
    adminPassword: e.ICABINET_ADMIN_PASSWORD,
    logLevel: e.LOG_LEVEL,
    webDist: e.WEB_DIST ? path.resolve(e.WEB_DIST) : undefined,
    session: {
      idleMs: e.SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
      secureCookie: e.PUBLIC_URL?.startsWith('https://') ?? false,
      secondFactorRequiredFor: e.TWO_FACTOR_REQUIRED ? ['admin', 'secretary'] : [],
    },
    loginThrottle: {
      maxFailures: e.LOGIN_MAX_FAILURES,
      maxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
      windowMs: e.LOGIN_WINDOW_SECONDS * 1000,
    },
    socket: {
      maxPayloadBytes: e.SOCKET_MAX_PAYLOAD_BYTES,
      eventsPerSecond: e.SOCKET_EVENTS_PER_SECOND,
      burst: e.SOCKET_EVENT_BURST,
      sessionSweepMs: Math.round(e.SOCKET_SESSION_SWEEP_SECONDS * 1000),
    },
    trustProxy: e.TRUST_PROXY,
    room: { pageDurability: e.ROOM_PAGE_DURABILITY },
    annotations: {
      compactAfterRows: e.ANNOTATION_COMPACT_AFTER,
      compactQuietMs: e.ANNOTATION_COMPACT_QUIET_MS,
      idleMs: Math.round(e.ANNOTATION_IDLE_SECONDS * 1000),
    },
    briefings: { dropAfterMs: Math.round(e.BRIEFING_DROP_SECONDS * 1000) },
    devices: { signOutGraceMs: Math.round(e.DEVICE_SIGNOUT_GRACE_SECONDS * 1000) },
    documents: {
      maxUploadBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
      maxPdfPages: e.MAX_PDF_PAGES,
      parseTimeoutMs: e.PDF_PARSE_TIMEOUT_MS,
    },
    invitations: {
      organisation: e.ORGANISATION_NAME,
      mailFrom: e.MAIL_FROM,
      webhook:
        e.WEBHOOK_URL && e.WEBHOOK_SECRET
          ? { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET, timeoutMs: e.WEBHOOK_TIMEOUT_MS }
          : null,
      linkSecret: e.LINK_SECRET,
      reminderMinutes: e.REMINDERS,
      unitCostVnd: e.INVITATION_UNIT_COST_VND,
      autoApproveDeputies: e.DEPUTY_AUTO_APPROVE,
    },
    auditAnchorEmail: e.AUDIT_ANCHOR_EMAIL,
    officialDocuments: {
      issuer: e.DOC_ISSUER,
      issuerSymbol: e.DOC_ISSUER_SYMBOL,
      place: e.DOC_PLACE,
      signer: { authority: e.DOC_SIGNER_AUTHORITY, position: e.DOC_SIGNER_POSITION, name: e.DOC_SIGNER_NAME },
    },
    signatures: {
      trustedRootsDir: e.TRUSTED_ROOTS_DIR ? path.resolve(e.TRUSTED_ROOTS_DIR) : undefined,
      sealImage: e.DOC_SEAL_IMAGE ? path.resolve(e.DOC_SEAL_IMAGE) : undefined,
      externalTimeoutMs: e.EXTERNAL_SIGNER_TIMEOUT_SECONDS * 1000,
    },
    opinions: { reminderMinutes: e.OPINION_REMINDERS },
    integrations: { allowLoopbackWebhooks: e.WEBHOOKS_ALLOW_LOOPBACK, timeoutMs: e.WEBHOOK_TIMEOUT_MS },
    reports: {
      printedPageVnd: e.PRINTED_PAGE_COST_VND,
      copiesPerDocument: e.PRINT_COPIES_PER_DOCUMENT ?? null,
    },
    tasks: {
      followUp: {
        remindDaysBefore: e.TASK_REMINDER_DAYS,
        remindOnDay: e.TASK_REMIND_ON_DAY,
        escalateAfterDays: e.TASK_ESCALATE_AFTER_DAYS,
        hour: e.TASK_REMINDER_HOUR,
      },
    },
    backup: e.BACKUP_DIR
      ? {
          dir: path.resolve(e.BACKUP_DIR),
          intervalMs: Math.round(e.BACKUP_INTERVAL_HOURS * 3_600_000),
          keep: e.BACKUP_KEEP,
        }
      : null,
  };
}
