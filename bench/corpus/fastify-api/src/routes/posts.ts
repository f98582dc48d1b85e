// src/routes/posts.ts - Blog posts and comments
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { prisma, postsByTag, searchPosts, topPosts } from '../lib/db.js';

const postBody = z.object({
  title: z.string().min(1).max(200),
  body: z.string().min(1),
  tags: z.array(z.string()).max(10).default([]),
  published: z.boolean().default(false),
});

const commentBody = z.object({
  body: z.string().min(1).max(5000),
  authorName: z.string().max(64).optional(),
});

function slugify(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/(^-|-$)/g, '');
}

const postRoutes: FastifyPluginAsync = async (app) => {
  // List published posts
  app.get('/', async (request) => {
    const { page = '1' } = request.query as { page?: string };
    const take = 20;
    const skip = (Math.max(Number(page), 1) - 1) * take;
    return prisma.post.findMany({
      where: { publishedAt: { not: null } },
      orderBy: { publishedAt: 'desc' },
      take,
      skip,
      select: { id: true, title: true, slug: true, publishedAt: true, author: { select: { username: true } } },
    });
  });

  // Search posts
  app.get('/search', async (request) => {
    const { q = '', sort = 'published_at' } = request.query as { q?: string; sort?: string };
    return searchPosts(q, sort);
  });

  // Posts by tag
  app.get('/tags/:tag', async (request) => {
    const { tag } = request.params as { tag: string };
    return postsByTag(tag);
  });

  // Trending posts
  app.get('/trending', async (request) => {
    const { window = 'week' } = request.query as { window?: 'day' | 'week' | 'month' };
    return topPosts(window);
  });

  // Single post
  app.get('/:slug', async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const post = await prisma.post.findUnique({ where: { slug }, include: { author: true, comments: true } });
    if (!post) return reply.code(404).send({ error: 'Post not found' });
    return post;
  });

  // Authenticated scope: every route registered in here runs the JWT check first
  app.register(async (authed) => {
    authed.addHook('onRequest', app.authenticate);

    authed.post('/', async (request, reply) => {
      const body = postBody.parse(request.body);
      const post = await prisma.post.create({
        data: {
          title: body.title,
          body: body.body,
          slug: slugify(body.title),
          authorId: request.user.sub,
          publishedAt: body.published ? new Date() : null,
        },
      });
      return reply.code(201).send(post);
    });

    authed.put('/:id', async (request, reply) => {
      const { id } = request.params as { id: string };
      const body = postBody.parse(request.body);
      const existing = await prisma.post.findUnique({ where: { id: Number(id) } });
      if (!existing || existing.authorId !== request.user.sub) {
        return reply.code(404).send({ error: 'Post not found' });
      }
      return prisma.post.update({ where: { id: existing.id }, data: { title: body.title, body: body.body } });
    });

    authed.delete('/:id', async (request, reply) => {
      const { id } = request.params as { id: string };
      await prisma.post.deleteMany({ where: { id: Number(id), authorId: request.user.sub } });
      return reply.code(204).send();
    });
  });

  // Add a comment to a post
  app.post('/:id/comments', async (request, reply) => {
    const { id } = request.params as { id: string };
    const { authorId } = request.query as { authorId?: string };
    const body = commentBody.parse(request.body);
    const comment = await prisma.comment.create({
      data: { postId: Number(id), body: body.body, authorId: authorId ? Number(authorId) : null },
    });
    return reply.code(201).send(comment);
  });

  // Edit a comment
  app.put('/:id/comments/:commentId', async (request) => {
    const { commentId } = request.params as { commentId: string };
    const body = commentBody.parse(request.body);
    return prisma.comment.update({ where: { id: Number(commentId) }, data: { body: body.body } });
  });

  // Delete a comment (author or admin)
  app.delete('/:id/comments/:commentId', { onRequest: [app.authenticate] }, async (request, reply) => {
    const { commentId } = request.params as { commentId: string };
    const comment = await prisma.comment.findUnique({ where: { id: Number(commentId) } });
    if (!comment) return reply.code(404).send({ error: 'Not found' });
    if (comment.authorId !== request.user.sub && request.user.role !== 'admin') {
      return reply.code(403).send({ error: 'Forbidden' });
    }
    await prisma.comment.delete({ where: { id: comment.id } });
    return reply.code(204).send();
  });
};

export default postRoutes;
