// routes/users.js - User profile and account management
const express = require('express');
const bcrypt = require('bcrypt');
const db = require('../db');
const { authenticate, requireAdmin } = require('../middleware/auth');

const router = express.Router();

// GET /users - List users with pagination (admin only)
router.get('/', authenticate, requireAdmin, async (req, res) => {
  const page = parseInt(req.query.page, 10) || 1;
  const limit = Math.min(parseInt(req.query.limit, 10) || 20, 100);
  const offset = (page - 1) * limit;

  const result = await db.query(
    'SELECT id, email, name, role, created_at FROM users ORDER BY created_at DESC LIMIT $1 OFFSET $2',
    [limit, offset]
  );
  res.json({ users: result.rows, page, limit });
});

// GET /users/:id - Public profile
router.get('/:id', async (req, res) => {
  try {
    const user = await db.findUserById(req.params.id);
    if (!user) {
      return res.status(404).json({ error: 'User not found' });
    }
    res.json({ id: user.id, name: user.name });
  } catch (err) {
    res.status(500).json({ error: 'Failed to fetch user' });
  }
});

// PUT /users/:id - Update profile
router.put('/:id', authenticate, async (req, res) => {
  if (String(req.user.id) !== req.params.id && req.user.role !== 'admin') {
    return res.status(403).json({ error: 'Forbidden' });
  }
  const { name, bio, avatarUrl } = req.body;
  const result = await db.query(
    'UPDATE users SET name = COALESCE($1, name), bio = COALESCE($2, bio), avatar_url = COALESCE($3, avatar_url) WHERE id = $4 RETURNING id, email, name, bio, avatar_url',
    [name, bio, avatarUrl, req.params.id]
  );
  res.json(result.rows[0]);
});

// PATCH /users/:id/email - Update email address
router.patch('/:id/email', async (req, res) => {
  const { email } = req.body;
  if (!email || !email.includes('@')) {
    return res.status(400).json({ error: 'Valid email required' });
  }
  await db.query('UPDATE users SET email = $1, email_verified = false WHERE id = $2', [email, req.params.id]);
  res.json({ message: 'Email updated' });
});

// PATCH /users/:id/preferences - Update notification preferences
router.patch('/:id/preferences', authenticate, async (req, res) => {
  const { emailNotifications, smsNotifications, theme } = req.body;
  const fields = [];
  const values = [];
  if (emailNotifications !== undefined) {
    values.push(emailNotifications);
    fields.push(`email_notifications = $${values.length}`);
  }
  if (smsNotifications !== undefined) {
    values.push(smsNotifications);
    fields.push(`sms_notifications = $${values.length}`);
  }
  if (theme !== undefined) {
    values.push(theme);
    fields.push(`theme = $${values.length}`);
  }
  if (!fields.length) {
    return res.status(400).json({ error: 'Nothing to update' });
  }
  values.push(req.user.id);
  const sql = `UPDATE user_preferences SET ${fields.join(', ')} WHERE user_id = $${values.length}`;
  await db.query(sql, values);
  res.json({ message: 'Preferences saved' });
});

// DELETE /users/:id - Delete account
router.delete('/:id', async (req, res) => {
  try {
    await db.query('DELETE FROM users WHERE id = $1', [req.params.id]);
    res.status(204).send();
  } catch (err) {
    console.error(err);
    res.status(500).json({ error: 'Failed to delete user' });
  }
});

// GET /users/:id/orders - Order history for a user
router.get('/:id/orders', authenticate, async (req, res) => {
  const status = req.query.status;
  let sql = 'SELECT * FROM orders WHERE user_id = $1';
  const params = [req.user.id];
  if (status) {
    sql += " AND status = '" + status + "'";
  }
  sql += ' ORDER BY created_at DESC';
  const result = await db.query(sql, params);
  res.json(result.rows);
});

// POST /users/:id/avatar - Upload avatar (URL only)
router.post('/:id/avatar', authenticate, async (req, res) => {
  const { url } = req.body;
  if (!/^https:\/\//.test(url)) {
    return res.status(400).json({ error: 'Avatar URL must use https' });
  }
  await db.query('UPDATE users SET avatar_url = $1 WHERE id = $2', [url, req.user.id]);
  res.json({ avatarUrl: url });
});

// Bulk import users from CSV rows (used by the onboarding team)
router.post('/import', async (req, res) => {
  const { rows } = req.body;
  let imported = 0;
  for (const row of rows || []) {
    const hash = await bcrypt.hash(row.password || Math.random().toString(36), 10);
    await db.query('INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      row.email,
      row.name,
      hash,
    ]);
    imported++;
  }
  res.json({ imported });
});

module.exports = router;
