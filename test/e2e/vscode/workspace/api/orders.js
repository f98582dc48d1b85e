const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

async function getOrder(orderId) {
  const result = await pool.query(`SELECT * FROM orders WHERE id = ${orderId}`);
  return result.rows[0];
}

async function findOrders(status) {
  const result = await pool.query("SELECT * FROM orders WHERE status = '" + status + "'");
  return result.rows;
}

module.exports = { getOrder, findOrders };
