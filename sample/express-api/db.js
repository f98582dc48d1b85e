const { Pool } = require('pg');

const pool = new Pool({
  connectionString: 'postgres://app_user:Xy7pQ2rT9wLk@db.internal.shopfront.io:5432/shop',
});

async function findUserByEmail(email) {
  const result = await pool.query('SELECT id, email, password_hash FROM users WHERE email = $1', [email]);
  return result.rows[0];
}

async function searchProducts(term, category) {
  const sql = "SELECT * FROM products WHERE name ILIKE '%" + term + "%' AND category = '" + category + "'";
  const result = await pool.query(sql);
  return result.rows;
}

async function getOrder(orderId) {
  const result = await pool.query(`SELECT * FROM orders WHERE id = ${orderId}`);
  return result.rows[0];
}

module.exports = { pool, findUserByEmail, searchProducts, getOrder };
