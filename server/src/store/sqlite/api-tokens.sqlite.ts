/**
 * API tokens on SQLite (table `api_tokens`, migration 24): only the hash of each token is kept;
 * a revoked token keeps its row (the audit log names it).
 */
import type Database from 'better-sqlite3';
import type { ApiScope } from '@icabinet/shared';
import type { ApiTokenRecord } from '../integrations.port.js';
import { asPromise, fromJson, mapConstraintError } from './sql.js';

interface TokenRow {
  id: string;
  name: string;
  scopes: string;
  hash: string;
  prefix: string;
  created_at: string;
  created_by: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

const toToken = (r: TokenRow): ApiTokenRecord => ({
  id: r.id,
  name: r.name,
  scopes: fromJson<ApiScope[]>(r.scopes),
  hash: r.hash,
  prefix: r.prefix,
  createdAt: r.created_at,
  createdBy: r.created_by,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export class SqliteApiTokens {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      insertToken: db.prepare<TokenRow>(`INSERT INTO api_tokens (id, name, scopes, hash, prefix, created_at,
        created_by, last_used_at, revoked_at) VALUES (@id, @name, @scopes, @hash, @prefix, @created_at,
        @created_by, @last_used_at, @revoked_at)`),
      listTokens: db.prepare<[], TokenRow>('SELECT * FROM api_tokens ORDER BY created_at DESC, id'),
      getToken: db.prepare<[string], TokenRow>('SELECT * FROM api_tokens WHERE id = ?'),
      getTokenByHash: db.prepare<[string], TokenRow>('SELECT * FROM api_tokens WHERE hash = ?'),
      revokeToken: db.prepare<[string, string]>(
        'UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
      ),
      touchToken: db.prepare<[string, string]>('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
    };
  }

  createToken(token: ApiTokenRecord): Promise<ApiTokenRecord> {
    return asPromise(() => {
      try {
        this.s.insertToken.run({
          id: token.id,
          name: token.name,
          scopes: JSON.stringify(token.scopes),
          hash: token.hash,
          prefix: token.prefix,
          created_at: token.createdAt,
          created_by: token.createdBy,
          last_used_at: token.lastUsedAt,
          revoked_at: token.revokedAt,
        });
      } catch (e) {
        throw mapConstraintError(e, { 'api_tokens.hash': 'hash', 'api_tokens.id': 'id' });
      }
      return token;
    });
  }

  listTokens(): Promise<ApiTokenRecord[]> {
    return asPromise(() => this.s.listTokens.all().map(toToken));
  }

  getToken(id: string): Promise<ApiTokenRecord | null> {
    return asPromise(() => {
      const r = this.s.getToken.get(id);
      return r ? toToken(r) : null;
    });
  }

  getTokenByHash(hash: string): Promise<ApiTokenRecord | null> {
    return asPromise(() => {
      const r = this.s.getTokenByHash.get(hash);
      return r ? toToken(r) : null;
    });
  }

  revokeToken(id: string, at: string): Promise<ApiTokenRecord | null> {
    return asPromise(() => {
      this.s.revokeToken.run(at, id);
      const r = this.s.getToken.get(id);
      return r ? toToken(r) : null;
    });
  }

  touchToken(id: string, at: string): Promise<void> {
    return asPromise(() => {
      this.s.touchToken.run(at, id);
    });
  }
}
