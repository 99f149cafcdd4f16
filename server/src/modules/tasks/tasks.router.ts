import { Router } from 'express';
import { tasksContract as api } from '@icabinet/shared';
import { errors } from '../../errors.js';
import { actorOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import { readSmallForm } from '../signatures/multipart.js';
import type { FollowUpSettingsService } from './tasks.follow-up.js';
import type { TasksService } from './tasks.service.js';

/** /api/tasks…: follow-up tasks; /api/settings/follow-up: when their reminders go out. */
export function tasksRouter(deps: {
  auth: AuthService;
  tasks: TasksService;
  followUp: FollowUpSettingsService;
  maxFileBytes: number;
}): Router {
  const router = Router();
  const auth = [requireAuth(deps.auth)];
  route(router, api.getFollowUp, auth, ({ req }) => deps.followUp.get(actorOf(req)));
  route(router, api.updateFollowUp, auth, ({ req, body }) => deps.followUp.update(actorOf(req), body));
  route(router, api.list, auth, ({ req, query }) => deps.tasks.list(actorOf(req), query));
  route(router, api.create, auth, ({ req, body }) => deps.tasks.create(actorOf(req), body));
  route(router, api.get, auth, ({ req, params }) => deps.tasks.get(actorOf(req), params.id));
  route(router, api.act, auth, ({ req, params, body }) => deps.tasks.act(actorOf(req), params.id, body));
  route(router, api.uploadFile, auth, async ({ req, params }) => {
    const actor = actorOf(req);
    // Who may attach is checked before the body is read.
    await deps.tasks.mayAttach(actor, params.id);
    const form = await readSmallForm(req, { files: { file: deps.maxFileBytes }, fields: [] });
    const file = form.files.get('file');
    if (!file || file.bytes.length === 0)
      throw errors.invalid([{ path: 'file', key: 'task_file_missing' }], 'task_file_missing');
    return deps.tasks.addFile(actor, params.id, { name: cleanFileName(file.name), bytes: file.bytes });
  });
  route(router, api.file, auth, async ({ req, res, params }) => {
    const { path, file } = await deps.tasks.fileOf(actorOf(req), params.id, params.fileId);
    res.set({
      'Content-Type': file.contentType,
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': attachment(file.name),
      'Cache-Control': 'private, no-cache',
    });
    await new Promise<void>((resolve, reject) =>
      res.sendFile(path, (err) => (err ? reject(err) : resolve())),
    );
  });
  return router;
}

/**
 * An attached file's name as kept and shown: its last path segment, without control or bidi
 * characters (so "gpj.exe" cannot pose as "exe.jpg"), not hidden, at most 200 characters, its
 * extension kept (a report may be a .docx or a scan, not only a PDF).
 */
export function cleanFileName(raw: string): string {
  const base = (raw.split(/[\\/]/).pop() ?? '')
    .replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, '')
    .replace(/^[.\s]+/, '')
    .trim();
  if (!base) return 'tep-dinh-kem';
  if (base.length <= 200) return base;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
  return base.slice(0, 200 - ext.length) + ext;
}

/** `attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266 / 5987 `filename*`). */
function attachment(name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
