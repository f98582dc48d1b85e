const express = require('express');
const { getOrder, pool } = require('../db');

const router = express.Router();

router.get('/:id', async (req, res) => {
  res.json(await getOrder(req.params.id));
});

router.post('/', async (req, res) => {
  const { rows } = await pool.query('INSERT INTO orders (user_id, total) VALUES ($1, $2) RETURNING id', [req.user.sub, req.body.total]);
  res.status(201).json(rows[0]);
});

module.exports = router;
