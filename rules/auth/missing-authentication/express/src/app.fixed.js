const express = require('express');
const helmet = require('helmet');
const { requireAuth } = require('./middleware/auth');
const adminRouter = require('./routes/admin');
const usersRouter = require('./routes/users');
const orders = require('./controllers/orders');
const db = require('./db');

const app = express();
app.use(express.json());
app.use(helmet());

// ruleid: auth/missing-authentication
app.post('/api/posts', requireAuth, async (req, res) => {
  const post = await db.posts.create(req.body);
  res.status(201).json(post);
});

// ruleid: auth/missing-authentication
app.delete('/api/posts/:id', requireAuth, async (req, res) => {
  await db.posts.delete(req.params.id);
  res.sendStatus(204);
});

// ok: auth/missing-authentication
app.put('/api/posts/:id', requireAuth, async (req, res) => {
  res.json(await db.posts.update(req.params.id, req.body));
});

// ok: auth/missing-authentication
app.get('/api/posts', async (req, res) => {
  res.json(await db.posts.findMany());
});

// ok: auth/missing-authentication
app.post('/api/login', async (req, res) => {
  res.json(await db.sessions.create(req.body));
});

// ok: auth/missing-authentication
app.post('/api/comments', async (req, res) => {
  if (!req.user) return res.status(401).end();
  res.json(await db.comments.create({ ...req.body, authorId: req.user.id }));
});

// ok: auth/missing-authentication
app.post('/api/uploads', loadTenant, async (req, res) => {
  res.json(await db.uploads.create(req.body));
});

// ruleid: auth/missing-authentication
app.get('/admin/stats', requireAuth, async (req, res) => {
  res.json(await db.stats());
});

// ruleid: auth/missing-authentication
app.post('/webhooks/payments', async (req, res) => {
  await db.payments.update(req.body);
  res.sendStatus(200);
});

// ruleid: auth/missing-authentication
app.post('/api/orders', requireAuth, orders.create);

// ok: auth/missing-authentication
app.post('/api/orders/:id/cancel', orders.cancel);

app.use('/admin', adminRouter);
app.use('/api/users', requireAuth, usersRouter);

// Everything registered from here on needs a signed-in user.
app.use(requireAuth);

// ok: auth/missing-authentication
app.patch('/api/profile', async (req, res) => {
  res.json(await db.users.update(req.user.id, req.body));
});

module.exports = app;
