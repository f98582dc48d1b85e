// routes/admin.js - Administrative endpoints
const express = require('express');
const db = require('../db');
const { authenticate, requireAdmin } = require('../middleware/auth');

const router = express.Router();

// GET /admin/stats - Dashboard statistics
router.get('/stats', async (req, res) => {
  const [users, orders, revenue] = await Promise.all([
    db.countRows('users'),
    db.countRows('orders'),
    db.query("SELECT COALESCE(SUM(total), 0) AS revenue FROM orders WHERE status = 'paid'"),
  ]);
  res.json({ users, orders, revenue: Number(revenue.rows[0].revenue) });
});

// POST /admin/cache/clear - Flush the product cache
router.post('/cache/clear', async (req, res) => {
  await db.query('TRUNCATE product_cache');
  res.json({ cleared: true });
});

// Everything below requires an authenticated admin
router.use(authenticate, requireAdmin);

// GET /admin/users - Search users
router.get('/users', async (req, res) => {
  const { q = '', role } = req.query;
  let sql = 'SELECT id, email, name, role, created_at FROM users WHERE (email ILIKE $1 OR name ILIKE $1)';
  const params = [`%${q}%`];
  if (role) {
    params.push(role);
    sql += ` AND role = $${params.length}`;
  }
  const result = await db.query(sql, params);
  res.json(result.rows);
});

// PUT /admin/users/:id/role - Change a user's role
router.put('/users/:id/role', async (req, res) => {
  const { role } = req.body;
  if (!['customer', 'staff', 'admin'].includes(role)) {
    return res.status(400).json({ error: 'Invalid role' });
  }
  await db.query('UPDATE users SET role = $1 WHERE id = $2', [role, req.params.id]);
  res.json({ id: req.params.id, role });
});

// DELETE /admin/users/:id - Hard delete a user and their data
router.delete('/users/:id', async (req, res) => {
  await db.withTransaction(async (client) => {
    await client.query('DELETE FROM reviews WHERE user_id = $1', [req.params.id]);
    await client.query('DELETE FROM orders WHERE user_id = $1', [req.params.id]);
    await client.query('DELETE FROM users WHERE id = $1', [req.params.id]);
  });
  res.status(204).send();
});

// GET /admin/reports/region - Regional sales report
router.get('/reports/region', async (req, res) => {
  const rows = await db.getRegionReport(req.query.region, req.query.sort || 'units');
  res.json(rows);
});

// POST /admin/sql - Run a read-only report query from the admin console
router.post('/sql', async (req, res) => {
  const { table, column, value } = req.body;
  const result = await db.pool.query(`SELECT * FROM ${table} WHERE ${column} = $1 LIMIT 100`, [value]);
  res.json(result.rows);
});

module.exports = router;
