import express, { Router } from 'express';
import { z } from 'zod';
import { Id, PasswordResetInput, UserCreateInput, UserListQuery, UserUpdateInput } from '@icabinet/shared';
import { actorOf, ipOf, parse } from '../../http/context.js';
import { errors } from '../../errors.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth, requirePermission } from '../auth/auth.middleware.js';
import type { UsersService } from './users.service.js';

const IdParams = z.object({ id: Id });

/** /api/users: administration of accounts. */
export function usersRouter(deps: { auth: AuthService; users: UsersService }): Router {
  const { users } = deps;
  const router = Router();
  router.use('/users', requireAuth(deps.auth));

  const read = requirePermission('users:read');
  const manage = requirePermission('users:manage');

  router.get('/users', read, async (req, res) => {
    res.json(await users.list(actorOf(req), parse(UserListQuery, req.query)));
  });

  router.post('/users', manage, async (req, res) => {
    res.status(201).json(await users.create(actorOf(req), parse(UserCreateInput, req.body), ipOf(req)));
  });

  router.post(
    '/users/import',
    manage,
    express.text({ type: ['text/csv', 'text/plain', 'application/csv'], limit: '5mb' }),
    async (req, res) => {
      if (typeof req.body !== 'string') throw errors.unsupportedMedia(req.headers['content-type'] ?? 'none');
      res.json(await users.importCsv(actorOf(req), req.body, ipOf(req)));
    },
  );

  router.get('/users/:id', read, async (req, res) => {
    const { id } = parse(IdParams, req.params);
    res.json({ user: await users.get(actorOf(req), id) });
  });

  router.patch('/users/:id', manage, async (req, res) => {
    const { id } = parse(IdParams, req.params);
    res.json({ user: await users.update(actorOf(req), id, parse(UserUpdateInput, req.body), ipOf(req)) });
  });

  router.post('/users/:id/reset-password', manage, async (req, res) => {
    const { id } = parse(IdParams, req.params);
    res.json(
      await users.resetPassword(actorOf(req), id, parse(PasswordResetInput, req.body ?? {}), ipOf(req)),
    );
  });

  return router;
}
