const express = require('express');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const router = express.Router();
const USERS_TABLE = 'users';

router.get('/users/:id', async (req, res) => {
  // ruleid: sql/string-built-query
  const { rows } = await pool.query(`SELECT * FROM users WHERE id = $1`, [req.params.id]);
  res.json(rows[0]);
});

router.get('/search', async (req, res) => {
  // ruleid: sql/string-built-query
  const result = await pool.query("SELECT id, name FROM users WHERE name = $1 AND active = true", [req.query.name]);
  res.json(result.rows);
});

router.get('/products', async (req, res) => {
  const { q } = req.query;
  // ruleid: sql/string-built-query
  const result = await pool.query("SELECT * FROM products WHERE title LIKE $1", [`%${q}%`]);
  res.json(result.rows);
});

router.get('/orders', async (req, res) => {
  let sql = 'SELECT * FROM orders WHERE org_id = $1';
  sql += ` AND status = $2`;
  // ruleid: sql/string-built-query
  const result = await pool.query(sql, [req.user.orgId, req.query.status]);
  res.json(result.rows);
});

router.post('/users', async (req, res) => {
  const { email, name } = req.body;
  // ruleid: sql/string-built-query
  await pool.query(`INSERT INTO users (email, name) VALUES ($1, $2)`, [email, name]);
  res.status(201).end();
});

router.get('/sorted', async (req, res) => {
  // ruleid: sql/string-built-query
  const result = await pool.query(`SELECT * FROM users ORDER BY ${req.query.sort}`);
  res.json(result.rows);
});

router.get('/by-ids', async (req, res) => {
  const ids = req.query.ids.split(',');
  // ruleid: sql/string-built-query
  const result = await pool.query(`SELECT * FROM users WHERE id IN (${ids.join(',')})`);
  res.json(result.rows);
});

router.get('/config', async (req, res) => {
  // ruleid: sql/string-built-query
  const result = await pool.query({ text: `SELECT * FROM users WHERE email = '${req.query.email}'`, rowMode: 'array' });
  res.json(result.rows);
});

router.post('/bulk', async (req, res) => {
  const sql = `UPDATE users SET plan = '${req.body.plan}' WHERE id = $1`;
  // ruleid: sql/string-built-query
  await Promise.all(req.body.ids.map((id) => pool.query(sql, [id])));
  res.status(204).end();
});

router.get('/users/:id/safe', async (req, res) => {
  // ok: sql/string-built-query
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [req.params.id]);
  res.json(rows[0]);
});

router.get('/count', async (req, res) => {
  // ok: sql/string-built-query
  const { rows } = await pool.query('SELECT count(*) FROM ' + USERS_TABLE + ' WHERE active = true');
  res.json(rows[0]);
});

router.get('/page', async (req, res) => {
  const limit = Number(req.query.limit);
  // ok: sql/string-built-query
  const { rows } = await pool.query(`SELECT * FROM users ORDER BY id LIMIT ${limit} OFFSET ${parseInt(req.query.offset, 10)}`);
  res.json(rows);
});

router.get('/const', async (req, res) => {
  let sql = `SELECT * FROM users WHERE name = '${req.query.name}'`;
  sql = 'SELECT * FROM users WHERE active = true';
  // ok: sql/string-built-query
  const { rows } = await pool.query(sql);
  res.json(rows);
});

router.get('/log', async (req, res) => {
  const n = req.query.n;
  // ok: sql/string-built-query
  console.log('Selected ' + n + ' items from the list');
  // ok: sql/string-built-query
  res.send(`Deleted ${n} rows`);
});

// SELECT * FROM users WHERE id = ' + id  -- ok: comments are not queries

module.exports = router;
