const express = require('express');
const cors = require('cors');
const jwt = require('jsonwebtoken');
const config = require('./config');
const { findUserByEmail } = require('./db');
const users = require('./routes/users');
const orders = require('./routes/orders');

const app = express();
app.use(express.json());
app.use(cors({ origin: true, credentials: true }));

function requireAuth(req, res, next) {
  const token = (req.headers.authorization || '').replace('Bearer ', '');
  try {
    req.user = jwt.verify(token, config.jwtSecret);
    next();
  } catch {
    res.status(401).json({ error: 'unauthorized' });
  }
}

app.post('/login', async (req, res) => {
  const user = await findUserByEmail(req.body.email);
  if (!user) return res.status(401).json({ error: 'invalid credentials' });
  res.json({ token: jwt.sign({ sub: user.id }, config.jwtSecret, { expiresIn: '1h' }) });
});

app.get('/health', (req, res) => res.json({ ok: true }));

app.use('/users', users);
app.use('/orders', requireAuth, orders);

module.exports = { app, requireAuth };

if (require.main === module) app.listen(config.port);
