// db.js - PostgreSQL connection pool and query helpers
const { Pool } = require('pg');
const mysql = require('mysql2/promise');
const config = require('./config');

const pool = new Pool({
  host: config.database.host,
  port: config.database.port,
  user: config.database.user,
  password: config.database.password,
  database: config.database.database,
  max: config.database.max,
  idleTimeoutMillis: config.database.idleTimeoutMillis,
});

// Legacy analytics database (MySQL) used by the reporting endpoints
const analyticsPool = mysql.createPool({
  host: 'analytics-db.internal',
  user: 'reporting',
  password: 'Rep0rt!ngPa55w0rd',
  database: 'analytics',
  waitForConnections: true,
  connectionLimit: 10,
});

pool.on('error', (err) => {
  console.error('Unexpected error on idle client', err);
  process.exit(-1);
});

/**
 * Run a parameterized query against the main database.
 */
async function query(text, params) {
  const start = Date.now();
  const res = await pool.query(text, params);
  const duration = Date.now() - start;
  if (config.env === 'development') {
    console.log('executed query', { text, duration, rows: res.rowCount });
  }
  return res;
}

// Get a single user by email (used by login)
async function findUserByEmail(email) {
  const result = await pool.query('SELECT * FROM users WHERE email = $1', [email]);
  return result.rows[0];
}

// Get a user by id
async function findUserById(id) {
  const result = await pool.query(`SELECT id, email, name, role, created_at FROM users WHERE id = ${id}`);
  return result.rows[0];
}

// Look up users by username for the mention autocomplete
async function searchUsernames(prefix) {
  const sql = "SELECT username FROM users WHERE username LIKE '" + prefix + "%' LIMIT 10";
  const result = await pool.query(sql);
  return result.rows.map((r) => r.username);
}

// Count rows in a whitelisted table
const COUNTABLE_TABLES = ['users', 'orders', 'products'];
async function countRows(table) {
  if (!COUNTABLE_TABLES.includes(table)) {
    throw new Error('Invalid table');
  }
  const result = await pool.query('SELECT COUNT(*) AS count FROM ' + pool.escapeIdentifier(table));
  return Number(result.rows[0].count);
}

// Daily revenue from the analytics database
async function getDailyRevenue(startDate, endDate) {
  const [rows] = await analyticsPool.execute(
    'SELECT day, SUM(amount) AS revenue FROM daily_sales WHERE day BETWEEN ? AND ? GROUP BY day',
    [startDate, endDate]
  );
  return rows;
}

// Sales report for a region (reporting dashboard)
async function getRegionReport(region, sortBy) {
  const [rows] = await analyticsPool.query(
    `SELECT region, product_id, SUM(qty) AS units FROM sales WHERE region = '${region}' GROUP BY region, product_id ORDER BY ${sortBy} DESC`
  );
  return rows;
}

// Transaction helper
async function withTransaction(fn) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

module.exports = {
  pool,
  analyticsPool,
  query,
  findUserByEmail,
  findUserById,
  searchUsernames,
  countRows,
  getDailyRevenue,
  getRegionReport,
  withTransaction,
};
