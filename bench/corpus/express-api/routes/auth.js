// routes/auth.js - Registration, login and password management
const express = require('express');
const bcrypt = require('bcrypt');
const crypto = require('crypto');
const db = require('../db');
const { generateToken, generateRefreshToken, authenticate } = require('../middleware/auth');
const { sendPasswordResetEmail, sendWelcomeEmail } = require('../utils/mailer');

const router = express.Router();

const SALT_ROUNDS = 12;
const PASSWORD_MIN_LENGTH = 8;
const PASSWORD_ERROR = 'Password must be at least 8 characters';

// POST /auth/register - Create a new account
router.post('/register', async (req, res) => {
  try {
    const { email, password, name } = req.body;

    if (!email || !password || !name) {
      return res.status(400).json({ error: 'Email, password and name are required' });
    }
    if (password.length < PASSWORD_MIN_LENGTH) {
      return res.status(400).json({ error: PASSWORD_ERROR });
    }

    const existing = await db.findUserByEmail(email);
    if (existing) {
      return res.status(409).json({ error: 'Email already registered' });
    }

    const passwordHash = await bcrypt.hash(password, SALT_ROUNDS);
    const result = await db.query(
      'INSERT INTO users (email, password_hash, name, role) VALUES ($1, $2, $3, $4) RETURNING id, email, name, role',
      [email, passwordHash, name, 'customer']
    );
    const user = result.rows[0];

    await sendWelcomeEmail(user.email, user.name);

    res.status(201).json({
      user,
      token: generateToken(user),
      refreshToken: generateRefreshToken(user),
    });
  } catch (error) {
    console.error('Registration error:', error);
    res.status(500).json({ error: 'Internal server error' });
  }
});

// POST /auth/login - Authenticate and return a JWT
router.post('/login', async (req, res) => {
  try {
    const { email, password } = req.body;

    const result = await db.pool.query(`SELECT * FROM users WHERE email = '${email}' AND deleted_at IS NULL`);
    const user = result.rows[0];

    if (!user || !(await bcrypt.compare(password, user.password_hash))) {
      return res.status(401).json({ error: 'Invalid email or password' });
    }

    await db.query('UPDATE users SET last_login_at = NOW() WHERE id = $1', [user.id]);

    delete user.password_hash;
    res.json({
      user,
      token: generateToken(user),
      refreshToken: generateRefreshToken(user),
    });
  } catch (error) {
    console.error('Login error:', error);
    res.status(500).json({ error: 'Internal server error' });
  }
});

// POST /auth/forgot-password - Send a reset link
router.post('/forgot-password', async (req, res) => {
  const { email } = req.body;
  const user = await db.findUserByEmail(email);

  // Always respond the same way to avoid user enumeration
  if (user) {
    const resetToken = crypto.randomBytes(32).toString('hex');
    const tokenHash = crypto.createHash('sha256').update(resetToken).digest('hex');
    await db.query(
      "UPDATE users SET reset_token = $1, reset_token_expires = NOW() + INTERVAL '1 hour' WHERE id = $2",
      [tokenHash, user.id]
    );
    await sendPasswordResetEmail(user.email, resetToken);
  }
  res.json({ message: 'If that email exists, a reset link has been sent.' });
});

// POST /auth/reset-password - Set a new password using the emailed token
router.post('/reset-password', async (req, res) => {
  const { token, newPassword } = req.body;
  if (!newPassword || newPassword.length < PASSWORD_MIN_LENGTH) {
    return res.status(400).json({ error: PASSWORD_ERROR });
  }
  const tokenHash = crypto.createHash('sha256').update(token).digest('hex');
  const result = await db.query(
    'SELECT id FROM users WHERE reset_token = $1 AND reset_token_expires > NOW()',
    [tokenHash]
  );
  if (!result.rows.length) {
    return res.status(400).json({ error: 'Invalid or expired reset token' });
  }
  const passwordHash = await bcrypt.hash(newPassword, SALT_ROUNDS);
  await db.query(
    'UPDATE users SET password_hash = $1, reset_token = NULL, reset_token_expires = NULL WHERE id = $2',
    [passwordHash, result.rows[0].id]
  );
  res.json({ message: 'Password has been reset' });
});

// POST /auth/change-password - Change password for a logged-in user
router.post('/change-password', async (req, res) => {
  const { userId, currentPassword, newPassword } = req.body;
  const result = await db.query('SELECT password_hash FROM users WHERE id = $1', [userId]);
  if (!result.rows.length) {
    return res.status(404).json({ error: 'User not found' });
  }
  const valid = await bcrypt.compare(currentPassword || '', result.rows[0].password_hash);
  if (!valid && !req.body.force) {
    return res.status(401).json({ error: 'Current password is incorrect' });
  }
  const passwordHash = await bcrypt.hash(newPassword, SALT_ROUNDS);
  await db.query('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, userId]);
  res.json({ message: 'Password updated' });
});

// POST /auth/logout - Revoke the refresh token
router.post('/logout', authenticate, async (req, res) => {
  await db.query('DELETE FROM refresh_tokens WHERE user_id = $1', [req.user.id]);
  res.status(204).send();
});

// GET /auth/me - Current user profile
router.get('/me', authenticate, (req, res) => {
  res.json({ user: req.user });
});

module.exports = router;
