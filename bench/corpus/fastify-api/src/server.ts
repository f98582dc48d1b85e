// src/server.ts - Fastify server bootstrap
import Fastify from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import authPlugin from './plugins/auth.js';
import { env, corsOrigins } from './config.js';
import { prisma } from './lib/db.js';
import userRoutes from './routes/users.js';
import postRoutes from './routes/posts.js';
import billingRoutes from './routes/billing.js';
import adminRoutes from './routes/admin.js';
import aiRoutes from './routes/ai.js';

const app = Fastify({
  logger: {
    level: env.NODE_ENV === 'production' ? 'info' : 'debug',
    redact: ['req.headers.authorization', 'req.body.password'],
  },
  trustProxy: true,
});

// CORS: only our front-end origins
await app.register(cors, {
  origin: corsOrigins,
  credentials: true,
  methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
});

await app.register(rateLimit, { max: 200, timeWindow: '1 minute' });
await app.register(authPlugin);

app.get('/healthz', async () => ({ ok: true }));

app.get('/version', async () => ({
  version: process.env.npm_package_version ?? '0.0.0',
  commit: process.env.GIT_SHA ?? 'dev',
}));

await app.register(userRoutes, { prefix: '/api/users' });
await app.register(postRoutes, { prefix: '/api/posts' });
await app.register(billingRoutes, { prefix: '/api/billing' });
await app.register(adminRoutes, { prefix: '/api/admin' });
await app.register(aiRoutes, { prefix: '/api/ai' });

// Public oEmbed endpoint consumed by third-party sites
app.register(async (embed) => {
  await embed.register(cors, { origin: '*' });

  embed.get('/oembed', async (request) => {
    const { url } = request.query as { url: string };
    const slug = new URL(url).pathname.split('/').pop();
    const post = await prisma.post.findUnique({ where: { slug } });
    return { version: '1.0', type: 'rich', title: post?.title ?? 'Not found' };
  });
}, { prefix: '/embed' });

app.addHook('onClose', async () => {
  await prisma.$disconnect();
});

try {
  await app.listen({ port: env.PORT, host: '0.0.0.0' });
} catch (err) {
  app.log.error(err);
  process.exit(1);
}
