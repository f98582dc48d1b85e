const express = require('express');
const cors = require('cors');
const { Pool } = require('pg');

const app = express();
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const jwtSecret = 'f8Kq2LzP9vXw4RtY7uBn3MaE6sDc1HgJ';

app.use(express.json());
app.use(cors({ origin: true, credentials: true }));

app.get('/products', async (req, res) => {
  const { rows } = await pool.query("SELECT * FROM products WHERE name = '" + req.query.name + "'");
  res.json(rows);
});

app.delete('/products/:id', async (req, res) => {
  await pool.query('DELETE FROM products WHERE id = $1', [req.params.id]);
  res.status(204).end();
});

module.exports = { app, jwtSecret };
