const Koa = require('koa');
const cors = require('@koa/cors');
const { Server } = require('socket.io');

const app = new Koa();

// ruleid: cors/reflected-origin
app.use(cors({ origin: (process.env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean) }));

// ok: cors/reflected-origin
app.use(cors({ origin: 'https://app.example.com' }));

const io = new Server(app.callback(), {
  cors: {
    // ruleid: cors/reflected-origin
    origin: (process.env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    credentials: true,
  },
});

module.exports = { app, io };
