import express, { Request, Response, NextFunction } from 'express';
import cors from 'cors';

const app = express();

app.use(
  cors({
    // ruleid: cors/reflected-origin
    origin: (process.env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    credentials: true,
  }),
);

app.use(
  '/partner',
  cors({
    // ruleid: cors/reflected-origin
    origin: (process.env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
  }),
);

app.use((req: Request, res: Response, next: NextFunction) => {
  // ruleid: cors/reflected-origin
  const requestOrigin = req.headers.origin;
  if (typeof requestOrigin === 'string' && (process.env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean).includes(requestOrigin)) {
    res.setHeader('Access-Control-Allow-Origin', requestOrigin);
    res.setHeader('Vary', 'Origin');
  }
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  next();
});

app.get('/embed', (req: Request, res: Response) => {
  const origin = req.get('origin');
  // ruleid: cors/reflected-origin
  if (typeof origin === 'string' && (process.env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean).includes(origin)) {
    res.set('Access-Control-Allow-Origin', origin);
    res.set('Vary', 'Origin');
  }
  res.send('ok');
});

const allowed = new Set((process.env.CORS_ORIGINS ?? '').split(','));

app.use((req: Request, res: Response, next: NextFunction) => {
  const origin = req.headers.origin;
  if (origin && allowed.has(origin)) {
    // ok: cors/reflected-origin
    res.setHeader('Access-Control-Allow-Origin', origin);
  }
  next();
});

app.use((req: Request, res: Response, next: NextFunction) => {
  const { origin } = req.headers;
  if (!origin || !allowed.has(origin)) return next();
  // ok: cors/reflected-origin
  res.setHeader('Access-Control-Allow-Origin', origin);
  next();
});

app.use(
  cors({
    // ok: cors/reflected-origin
    origin: (origin, callback) => {
      if (!origin || allowed.has(origin)) callback(null, true);
      else callback(new Error('Not allowed by CORS'));
    },
  }),
);

// ok: cors/reflected-origin
app.use('/regex', cors({ origin: /\.example\.com$/ }));

export default app;
