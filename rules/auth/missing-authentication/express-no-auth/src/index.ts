import express from 'express';
import { db } from './db';

const app = express();
app.use(express.json());

// ruleid: auth/missing-authentication
app.post('/api/notes', async (req, res) => {
  res.status(201).json(await db.note.create({ data: req.body }));
});

// ruleid: auth/missing-authentication
app.patch('/api/notes/:id', async (req, res) => {
  res.json(await db.note.update({ where: { id: req.params.id }, data: req.body }));
});

// ok: auth/missing-authentication
app.get('/api/notes', async (_req, res) => {
  res.json(await db.note.findMany());
});

// ok: auth/missing-authentication
app.post('/api/signup', async (req, res) => {
  res.status(201).json(await db.user.create({ data: req.body }));
});

// ok: auth/missing-authentication
app.get('/healthz', (_req, res) => {
  res.send('ok');
});

app.listen(3000);
