const express = require('express');
const { pool } = require('../db');

const router = express.Router();

router.get('/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT id, name FROM users WHERE id = $1', [req.params.id]);
  res.json(rows[0]);
});

router.delete('/:id', async (req, res) => {
  await pool.query('DELETE FROM users WHERE id = ' + req.params.id);
  res.status(204).end();
});

router.put('/:id/role', async (req, res) => {
  await pool.query('UPDATE users SET role = $1 WHERE id = $2', [req.body.role, req.params.id]);
  res.json({ ok: true });
});

module.exports = router;
