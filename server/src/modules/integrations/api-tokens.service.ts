import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { ApiScope, ApiToken, ApiTokenCreated, ApiTokenCreateInput } from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { Store } from '../../store/port.js';
import type { ApiTokenRecord } from '../../store/integrations.port.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth, requireRole } from '../auth/auth.middleware.js';

/** Tokens start with this, so a leaked one is recognisable (and secret scanners can find it). */
export const TOKEN_PREFIX = 'icab_';
/** A token's use is written at most this often (a busy integration must not write on every call). */
const TOUCH_EVERY_MS = 60_000;

declare module 'express-serve-static-core' {
  interface Request {
    /** The API token a request came with (integration routes), after it was checked. */
    apiToken?: ApiTokenRecord;
  }
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const presentToken = (r: ApiTokenRecord): ApiToken => ({
  id: r.id,
  name: r.name,
  scopes: r.scopes,
  prefix: r.prefix,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
  lastUsedAt: r.lastUsedAt,
  revokedAt: r.revokedAt,
});

/** Whether a token's scopes allow `scope` (`<area>:write` includes `<area>:read`). */
export function allows(scopes: readonly string[], scope: string): boolean {
  if (scopes.includes(scope)) return true;
  const [area, level] = scope.split(':');
  return level === 'read' && scopes.includes(`${area}:write`);
}

/**
 * API tokens for the city's other systems. A token is random (256 bits), shown once; only its
 * SHA-256 is stored, so the store alone cannot give a usable token back. Every request looks the
 * token up in the store (no cache): a revocation holds from the next request in every process.
 */
export class ApiTokensService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<ApiToken[]> {
    return (await this.store.integrations.listTokens()).map(presentToken);
  }

  async create(actor: Actor, input: ApiTokenCreateInput, ip: string): Promise<ApiTokenCreated> {
    const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const now = this.clock.now().toISOString();
    const record: ApiTokenRecord = {
      id: randomUUID(),
      name: input.name,
      scopes: input.scopes,
      hash: hashToken(secret),
      prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
      createdAt: now,
      createdBy: actor.user.id,
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.store.integrations.createToken(record);
    // The audit names the token and its scopes, never the token itself.
    await this.audit.record({
      actorId: actor.user.id,
      action: 'api_token.created',
      targetType: 'api_token',
      targetId: record.id,
      data: { name: record.name, scopes: record.scopes, prefix: record.prefix },
      ip,
    });
    return { token: presentToken(record), secret };
  }

  async revoke(actor: Actor, id: string, ip: string): Promise<ApiToken> {
    const before = await this.store.integrations.getToken(id);
    if (!before) throw errors.notFound('api_token_not_found');
    if (before.revokedAt) return presentToken(before);
    const after = await this.store.integrations.revokeToken(id, this.clock.now().toISOString());
    if (!after) throw errors.notFound('api_token_not_found');
    await this.audit.record({
      actorId: actor.user.id,
      action: 'api_token.revoked',
      targetType: 'api_token',
      targetId: id,
      data: { name: before.name, prefix: before.prefix },
      ip,
    });
    return presentToken(after);
  }

  /** The token of an `Authorization: Bearer …` header, checked against the store and the scope. */
  async authenticate(header: string, scope: ApiScope): Promise<ApiTokenRecord> {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m?.[1]) throw errors.unauthorized('api_token_invalid');
    const token = await this.store.integrations.getTokenByHash(hashToken(m[1]));
    if (!token || token.revokedAt) throw errors.unauthorized('api_token_invalid');
    if (!allows(token.scopes, scope)) throw errors.forbidden('api_token_scope');
    const now = this.clock.now();
    if (!token.lastUsedAt || now.getTime() - Date.parse(token.lastUsedAt) >= TOUCH_EVERY_MS)
      await this.store.integrations.touchToken(token.id, now.toISOString());
    return token;
  }
}

/**
 * An integration route: a request with `Authorization: Bearer …` must carry a live token with
 * `scope`; any other request needs an administrator's session. The token never opens a session.
 */
export function tokenOrAdmin(auth: AuthService, tokens: ApiTokensService, scope: ApiScope): RequestHandler[] {
  const session = [requireAuth(auth), requireRole('admin')];
  return [
    async (req, res, next) => {
      const header = req.headers.authorization;
      if (!header) {
        // Express runs the session checks in turn, passing their errors on.
        const [first, second] = session as [RequestHandler, RequestHandler];
        return first(req, res, (err?: unknown) => (err ? next(err) : second(req, res, next)));
      }
      req.apiToken = await tokens.authenticate(header, scope);
      next();
    },
  ];
}
