// routes/search.js - Full-text product search and suggestions
const express = require('express');
const db = require('../db');

const router = express.Router();

// GET /search?q=term - Search products by name or description
router.get('/', async (req, res) => {
  const term = (req.query.q || '').trim();
  if (!term) {
    return res.json([]);
  }
  const result = await db.query(
    `SELECT id, name, price, ts_rank(search_vector, plainto_tsquery('english', $1)) AS rank
     FROM products
     WHERE search_vector @@ plainto_tsquery('english', $1)
     ORDER BY rank DESC
     LIMIT 25`,
    [term]
  );
  res.json(result.rows);
});

// GET /search/suggest?prefix=ab - Autocomplete suggestions
router.get('/suggest', async (req, res) => {
  const prefix = req.query.prefix || '';
  const result = await db.pool.query(
    'SELECT DISTINCT name FROM products WHERE name ILIKE $1 ORDER BY name LIMIT 10',
    [prefix + '%']
  );
  res.json(result.rows.map((r) => r.name));
});

// GET /search/users?name=... - Mention autocomplete
router.get('/users', async (req, res) => {
  const names = await db.searchUsernames(req.query.name || '');
  res.json(names);
});

// GET /search/tags?tags=a,b,c - Products with any of the given tags
router.get('/tags', async (req, res) => {
  const tags = String(req.query.tags || '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (!tags.length) return res.json([]);
  const list = tags.map((t) => `'${t}'`).join(',');
  const result = await db.query(`SELECT * FROM products WHERE tag IN (${list})`);
  res.json(result.rows);
});

// GET /search/by-ids?ids=1,2,3 - Products by id list
router.get('/by-ids', async (req, res) => {
  const ids = String(req.query.ids || '')
    .split(',')
    .map((id) => parseInt(id, 10))
    .filter((id) => Number.isInteger(id));
  if (!ids.length) return res.json([]);
  const placeholders = ids.map((_, i) => `$${i + 1}`).join(', ');
  const result = await db.query(`SELECT * FROM products WHERE id IN (${placeholders})`, ids);
  res.json(result.rows);
});

// DELETE /search/log - Purge the search log (GDPR cleanup job)
router.delete('/log', async (req, res) => {
  const { before } = req.query;
  await db.analyticsPool.execute('DELETE FROM search_log WHERE created_at < ?', [before || new Date()]);
  res.status(204).end();
});

module.exports = router;
