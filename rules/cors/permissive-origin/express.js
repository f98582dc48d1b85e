const express = require('express');
const cors = require('cors');

const app = express();

// ruleid: cors/permissive-origin
app.use(cors());

app.use(
  cors({
    // ruleid: cors/permissive-origin
    origin: '*',
  }),
);

const publicOptions = {
  // ruleid: cors/permissive-origin
  origin: '*',
  methods: ['GET'],
};
app.options('/public', cors(publicOptions));

app.get('/widget', (req, res) => {
  // ruleid: cors/permissive-origin
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.json({ ok: true });
});

app.get('/legacy', (req, res) => {
  // ruleid: cors/permissive-origin
  res.header('Access-Control-Allow-Origin', '*');
  res.send('ok');
});

app.get('/raw', (req, res) => {
  // ruleid: cors/permissive-origin
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' });
  res.end('ok');
});

// ok: cors/permissive-origin
app.use('/api', cors({ origin: ['https://app.example.com', 'https://admin.example.com'] }));

// ok: cors/permissive-origin
app.use('/v2', cors({ origin: process.env.CORS_ORIGINS.split(',') }));

const corsOptions = loadCorsOptionsFromConfig();
// ok: cors/permissive-origin
app.use('/v3', cors(corsOptions));

app.get('/single', (req, res) => {
  // ok: cors/permissive-origin
  res.setHeader('Access-Control-Allow-Origin', 'https://app.example.com');
  // ok: cors/permissive-origin
  res.setHeader('Access-Control-Allow-Methods', '*');
  res.json({});
});

// ok: cors/permissive-origin
const label = 'Access-Control-Allow-Origin';

module.exports = app;
