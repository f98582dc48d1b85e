import express, { Request, Response, NextFunction } from 'express';
import cors from 'cors';

const app = express();

app.use(
  cors({
    // ruleid: cors/reflected-origin
    origin: true,
    credentials: true,
  }),
);

app.use(
  '/partner',
  cors({
    // ruleid: cors/reflected-origin
    origin: (origin, callback) => callback(null, true),
  }),
);

app.use((req: Request, res: Response, next: NextFunction) => {
  // ruleid: cors/reflected-origin
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin || '*');
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  next();
});

app.get('/embed', (req: Request, res: Response) => {
  const origin = req.get('origin');
  // ruleid: cors/reflected-origin
  res.set('Access-Control-Allow-Origin', origin);
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
