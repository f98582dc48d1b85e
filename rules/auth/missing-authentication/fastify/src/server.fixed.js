import Fastify from 'fastify';
import jwt from '@fastify/jwt';
import cors from '@fastify/cors';
import { db } from './db.js';
import authPlugin from './plugins/auth.js';
import guard from './plugins/guard.js';
import commentRoutes from './routes/comments.js';
import billingRoutes from './routes/billing.js';

const app = Fastify({ logger: true });
await app.register(cors, { origin: ['https://app.example.com'] });
await app.register(jwt, { secret: process.env.JWT_SECRET });
await app.register(authPlugin);
await app.register(commentRoutes, { prefix: '/comments' });

app.register(
  async (secure) => {
    await secure.register(guard);
    await secure.register(billingRoutes, { prefix: '/billing' });
  },
  { prefix: '/secure' },
);

app.decorate('authenticate', async (request, reply) => {
  try {
    await request.jwtVerify();
  } catch (err) {
    reply.send(err);
  }
});

// ok: auth/missing-authentication
app.post('/posts', { onRequest: [app.authenticate] }, async (request) => db.posts.create(request.body));

// ruleid: auth/missing-authentication
app.delete('/posts/:id', { onRequest: [app.authenticate] }, async (request) => db.posts.delete(request.params.id));

// ok: auth/missing-authentication
app.put('/posts/:id', async (request) => {
  await request.jwtVerify();
  return db.posts.update(request.params.id, request.body);
});

// ok: auth/missing-authentication
app.get('/posts', async () => db.posts.findMany());

app.route({
  onRequest: [app.authenticate],
  method: 'PATCH',
  // ruleid: auth/missing-authentication
  url: '/posts/:id/publish',
  handler: async (request) => db.posts.update(request.params.id, { published: true }),
});

app.register(
  async (admin) => {
    admin.addHook('onRequest', admin.authenticate);
    // ok: auth/missing-authentication
    admin.post('/users/:id/ban', async (request) => db.users.update(request.params.id, { banned: true }));
  },
  { prefix: '/admin' },
);

app.register(
  async (pub) => {
    // ruleid: auth/missing-authentication
    pub.post('/feedback-items', { onRequest: [pub.authenticate] }, async (request) => db.feedback.create(request.body));
  },
  { prefix: '/public' },
);

export async function plugin(instance) {
  // ok: auth/missing-authentication
  instance.post('/elsewhere', async (request) => db.elsewhere.create(request.body));
}

await app.listen({ port: 3000 });
