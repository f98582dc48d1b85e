import express, { Router } from 'express';
import cors from 'cors';
import rateLimit from 'express-rate-limit';
import { body } from 'express-validator';
import { checkJwt } from './auth/jwt';
import { createOrder, cancelOrder } from './controllers/orders';
import { setupTelemetry } from './telemetry';
import { audit } from './audit';

const app = express();
const api = Router();
const limiter = rateLimit({ windowMs: 60_000, max: 100 });

app.use(cors({ origin: ['https://shop.example.com'] }));

// ruleid: auth/missing-authentication
app.post('/orders', limiter, body('sku').isString(), createOrder);

// ok: auth/missing-authentication
app.post('/orders/:id/cancel', cancelOrder);

// ok: auth/missing-authentication
app.post('/orders/:id/refund', [checkJwt, limiter], async (req, res) => {
  res.json({ refunded: req.params.id });
});

// ruleid: auth/missing-authentication
app.all('/internal/cache', (req, res) => {
  res.json({ flushed: true });
});

// ok: auth/missing-authentication
app.post('/password/reset', async (req, res) => {
  res.sendStatus(202);
});

// ok: auth/missing-authentication
app.post('/hooks/github', express.raw({ type: 'application/json' }), (req, res) => {
  const signature = req.get('x-hub-signature-256') ?? '';
  if (!verifySignature(req.body, signature)) return res.sendStatus(400);
  res.sendStatus(204);
});

// ok: auth/missing-authentication
app.put('/settings', audit, (req, res) => {
  res.json(req.body);
});

api.use(checkJwt);

// ok: auth/missing-authentication
api.post('/carts', (req, res) => {
  res.status(201).json({ items: [] });
});

app.use('/api', api);

setupTelemetry(app);

// ok: auth/missing-authentication
app.delete('/orders/:id', (req, res) => {
  res.sendStatus(204);
});

function verifySignature(payload: Buffer, signature: string): boolean {
  return signature.length > 0 && payload.length > 0;
}

export default app;
