// src/routes/admin.ts - Admin-only endpoints (every route requires the admin role)
import type { FastifyPluginAsync } from 'fastify';
import { prisma, purgeComments, replica, monthlyViews } from '../lib/db.js';

const adminRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('preHandler', app.requireAdmin);

  app.get('/users', async (request) => {
    const { q } = request.query as { q?: string };
    return prisma.user.findMany({
      where: q ? { OR: [{ email: { contains: q } }, { username: { contains: q } }] } : undefined,
      take: 100,
    });
  });

  app.delete('/users/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    await prisma.user.delete({ where: { id: Number(id) } });
    return reply.code(204).send();
  });

  app.post('/moderation/purge', async (request) => {
    const { username } = request.body as { username: string };
    const count = await purgeComments(username);
    return { deleted: count };
  });

  app.get('/reports/views/:authorId', async (request) => {
    const { authorId } = request.params as { authorId: string };
    const { month = '' } = request.query as { month?: string };
    return monthlyViews(Number(authorId), month);
  });

  app.get('/reports/signups', async (request) => {
    const { groupBy = 'day' } = request.query as { groupBy?: string };
    const { rows } = await replica.query(
      "SELECT date_trunc('" + groupBy + "', created_at) AS bucket, COUNT(*) FROM users GROUP BY 1 ORDER BY 1"
    );
    return rows;
  });

  app.put('/settings/:key', async (request) => {
    const { key } = request.params as { key: string };
    const { value } = request.body as { value: string };
    return prisma.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
  });
};

export default adminRoutes;
