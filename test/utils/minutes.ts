/**
 * What the minutes' approval and signing tests share (minutes-official, minutes-secretaries): a
 * server that trusts a test CA with the signers' identities, and the minutes' REST calls.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { MinutesApproval, MinutesState, SignedDocumentSummary } from '@icabinet/shared';
import { ApiClient, type ErrorReply } from './http.js';
import { makeCa, makeSigner, type TestIdentity } from './pki.js';
import { startServer, type TestServer } from './server.js';

/** A server for the minutes' approval and signing tests, with the signers' certificates. */
export interface MinutesServer<K extends string> {
  server: TestServer;
  /** A temporary folder for the test's files (the trusted roots are in it); removed by `stop`. */
  dir: string;
  /** The administrator, signed in. */
  admin: ApiClient;
  /** One PKCS#12 identity per signer, issued by the test CA the server trusts. */
  ids: Record<K, TestIdentity>;
  stop(): Promise<void>;
}

/**
 * Starts a server that trusts a test CA (TRUSTED_ROOTS_DIR), without reminders, with `env` on
 * top, and issues each signer (key: the full name on the certificate) an identity of that CA.
 */
export async function startMinutesServer<K extends string>(o: {
  dirPrefix: string;
  signers: Record<K, string>;
  env?: Record<string, string>;
}): Promise<MinutesServer<K>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), o.dirPrefix));
  const ca = makeCa('I-Cabinet Test CA');
  const ids = Object.fromEntries(
    Object.entries<string>(o.signers).map(([key, name]) => [key, makeSigner(ca, name)]),
  ) as Record<K, TestIdentity>;
  const roots = path.join(dir, 'roots');
  await mkdir(roots, { recursive: true });
  await writeFile(path.join(roots, 'test-ca.pem'), ca.certPem);
  const server = await startServer({ env: { REMINDERS: 'off', TRUSTED_ROOTS_DIR: roots, ...o.env } });
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  return {
    server,
    dir,
    admin,
    ids,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The minutes' calls on one meeting, as its screens make them: the state, an approval move, and a
 * signature with a PKCS#12 file. `at` is read at each call (the meeting is made in `beforeAll`).
 */
export function minutesCalls(at: () => { url: string; meetingId: string }) {
  return {
    async state(client: ApiClient): Promise<MinutesState> {
      const res = await client.get<{ minutes: MinutesState }>(`/api/meetings/${at().meetingId}/minutes`);
      expect(res.status).toBe(200);
      return res.body.minutes;
    },
    act(client: ApiClient, body: unknown) {
      return client.post<{ approval: MinutesApproval } | ErrorReply>(
        `/api/meetings/${at().meetingId}/minutes/approval`,
        body,
      );
    },
    async sign(client: ApiClient, id: TestIdentity, version: number) {
      const { url, meetingId } = at();
      const form = new FormData();
      form.set('p12', new Blob([new Uint8Array(id.p12)]), 'chu-ky.p12');
      form.set('password', id.password);
      form.set('version', String(version));
      const res = await fetch(`${url}/api/meetings/${meetingId}/official-documents/minutes/sign`, {
        method: 'POST',
        headers: { cookie: client.cookie ?? '', 'accept-language': 'vi' },
        body: form,
      });
      return {
        status: res.status,
        body: (await res.json()) as { document: SignedDocumentSummary } & ErrorReply,
      };
    },
  };
}
