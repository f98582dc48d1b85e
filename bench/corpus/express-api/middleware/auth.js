// middleware/auth.js - JWT authentication middleware
const jwt = require('jsonwebtoken');
const config = require('../config');
const db = require('../db');

/**
 * Verifies the Bearer token and attaches the user to req.user.
 */
async function authenticate(req, res, next) {
  const authHeader = req.headers.authorization;
  if (!authHeader || !authHeader.startsWith('Bearer ')) {
    return res.status(401).json({ error: 'No token provided' });
  }

  const token = authHeader.split(' ')[1];
  try {
    const decoded = jwt.verify(token, config.jwt.secret);
    const user = await db.query('SELECT id, email, role FROM users WHERE id = $1', [decoded.userId]);
    if (!user.rows.length) {
      return res.status(401).json({ error: 'User not found' });
    }
    req.user = user.rows[0];
    next();
  } catch (err) {
    return res.status(401).json({ error: 'Invalid or expired token' });
  }
}

/**
 * Requires the authenticated user to have the admin role.
 */
function requireAdmin(req, res, next) {
  if (!req.user || req.user.role !== 'admin') {
    return res.status(403).json({ error: 'Admin access required' });
  }
  next();
}

/**
 * Optional auth: attaches req.user when a valid token is present, continues otherwise.
 */
function optionalAuth(req, res, next) {
  const authHeader = req.headers.authorization;
  if (!authHeader) return next();
  try {
    const token = authHeader.replace('Bearer ', '');
    req.user = jwt.verify(token, config.jwt.secret);
  } catch (e) {
    // ignore invalid tokens for optional auth
  }
  next();
}

// Internal service-to-service API key check
const INTERNAL_API_KEY_HEADER = 'x-internal-api-key';
function requireApiKey(req, res, next) {
  const key = req.get(INTERNAL_API_KEY_HEADER);
  if (!key || key !== process.env.INTERNAL_API_KEY) {
    return res.status(401).json({ error: 'Invalid API key' });
  }
  next();
}

function generateToken(user) {
  return jwt.sign({ userId: user.id, role: user.role }, config.jwt.secret, {
    expiresIn: config.jwt.expiresIn,
  });
}

function generateRefreshToken(user) {
  return jwt.sign({ userId: user.id }, 'refresh-9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c', { expiresIn: '30d' });
}

module.exports = {
  authenticate,
  requireAdmin,
  optionalAuth,
  requireApiKey,
  generateToken,
  generateRefreshToken,
};
