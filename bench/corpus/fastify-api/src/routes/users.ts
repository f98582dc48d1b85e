// src/routes/users.ts - Accounts and profiles
import type { FastifyPluginAsync } from 'fastify';
import bcrypt from 'bcryptjs';
import { z } from 'zod';
import { prisma } from '../lib/db.js';
import { publicConfig } from '../config.js';

const registerBody = z.object({
  email: z.string().email(),
  username: z.string().min(3).max(32),
  password: z.string().min(publicConfig.passwordMinLength),
});

const loginBody = z.object({
  email: z.string().email(),
  password: z.string(),
});

const profileBody = z.object({
  displayName: z.string().max(64).optional(),
  bio: z.string().max(500).optional(),
  website: z.string().url().optional(),
});

const userRoutes: FastifyPluginAsync = async (app) => {
  // Register a new account
  app.post('/register', async (request, reply) => {
    const body = registerBody.parse(request.body);
    const passwordHash = await bcrypt.hash(body.password, 12);
    const user = await prisma.user.create({
      data: { email: body.email, username: body.username, passwordHash },
      select: { id: true, email: true, username: true },
    });
    const token = app.jwt.sign({ sub: user.id, role: 'reader' });
    return reply.code(201).send({ user, token });
  });

  // Log in
  app.post('/login', async (request, reply) => {
    const { email, password } = loginBody.parse(request.body);
    const user = await prisma.user.findUnique({ where: { email } });
    if (!user || !(await bcrypt.compare(password, user.passwordHash))) {
      return reply.code(401).send({ error: 'Invalid credentials' });
    }
    return { token: app.jwt.sign({ sub: user.id, role: user.role }) };
  });

  // Public profile
  app.get('/:username', async (request, reply) => {
    const { username } = request.params as { username: string };
    const user = await prisma.user.findUnique({
      where: { username },
      select: { username: true, displayName: true, bio: true, website: true },
    });
    if (!user) return reply.code(404).send({ error: 'Not found' });
    return user;
  });

  // Update own profile
  app.patch('/me', { onRequest: [app.authenticate] }, async (request) => {
    const data = profileBody.parse(request.body);
    return prisma.user.update({ where: { id: request.user.sub }, data });
  });

  // Follow a user
  app.post('/:username/follow', { preHandler: app.authenticate }, async (request, reply) => {
    const { username } = request.params as { username: string };
    const target = await prisma.user.findUnique({ where: { username } });
    if (!target) return reply.code(404).send({ error: 'Not found' });
    await prisma.follow.upsert({
      where: { followerId_followingId: { followerId: request.user.sub, followingId: target.id } },
      create: { followerId: request.user.sub, followingId: target.id },
      update: {},
    });
    return { following: true };
  });

  // Unfollow a user
  app.delete('/:username/follow', async (request) => {
    const { username } = request.params as { username: string };
    const { followerId } = request.query as { followerId: string };
    const target = await prisma.user.findUniqueOrThrow({ where: { username } });
    await prisma.follow.deleteMany({ where: { followerId: Number(followerId), followingId: target.id } });
    return { following: false };
  });

  // Deactivate account
  app.route({
    method: 'POST',
    url: '/:id/deactivate',
    handler: async (request) => {
      const { id } = request.params as { id: string };
      await prisma.user.update({ where: { id: Number(id) }, data: { active: false } });
      return { deactivated: true };
    },
  });

  // Export account data (GDPR)
  app.route({
    method: 'GET',
    url: '/me/export',
    onRequest: [app.authenticate],
    handler: async (request) => {
      const user = await prisma.user.findUniqueOrThrow({
        where: { id: request.user.sub },
        include: { posts: true, comments: true },
      });
      const { passwordHash, ...rest } = user;
      void passwordHash;
      return rest;
    },
  });
};

export default userRoutes;
