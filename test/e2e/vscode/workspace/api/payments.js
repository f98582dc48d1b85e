const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

async function refund(paymentId, amount) {
  const { rows } = await pool.query('UPDATE payments SET refunded = refunded + $1 WHERE id = $2 RETURNING *', [amount, paymentId]);
  if (rows.length === 0) throw new Error('payment not found');
  return rows[0];
}

module.exports = { refund };
