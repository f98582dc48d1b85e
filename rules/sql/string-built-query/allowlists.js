// Values drawn from a closed set of constants cannot carry the caller's text.
const { Pool } = require('pg');

const db = new Pool();
const SORTABLE = { name: 'name', price: 'price', created: 'created_at' };
const WINDOWS = { day: '1 day', week: '7 days' };

async function list(req) {
  const params = [];
  const conditions = ['active = true'];
  if (req.query.min) {
    params.push(Number(req.query.min));
    conditions.push(`price >= $${params.length}`);
  }
  const sort = SORTABLE[req.query.sort] || 'created_at';
  const dir = req.query.order === 'asc' ? 'ASC' : 'DESC';
  // ok: sql/string-built-query
  return db.query(`SELECT * FROM products WHERE ${conditions.join(' AND ')} ORDER BY ${sort} ${dir}`, params);
}

async function byIds(ids) {
  const placeholders = ids.map((_, i) => `$${i + 1}`).join(', ');
  // ok: sql/string-built-query
  return db.query(`SELECT * FROM products WHERE id IN (${placeholders})`, ids);
}

async function top(window) {
  const interval = WINDOWS[window] ?? WINDOWS.week;
  // ok: sql/string-built-query
  return db.query(`SELECT * FROM views WHERE at > NOW() - INTERVAL '${interval}'`);
}

async function tagged(tags) {
  const list = tags.map((t) => `'${t}'`).join(', ');
  // ruleid: sql/string-built-query
  return db.query(`SELECT * FROM products WHERE tag IN (${list})`);
}

async function pushed(req) {
  const conditions = [];
  conditions.push(`name = '${req.query.name}'`);
  // ruleid: sql/string-built-query
  return db.query(`SELECT * FROM products WHERE ${conditions.join(' AND ')}`);
}

async function lookedUp(req) {
  const sort = req.query.sort || 'name';
  // ruleid: sql/string-built-query
  return db.query(`SELECT * FROM products ORDER BY ${sort}`);
}

module.exports = { list, byIds, top, tagged, pushed, lookedUp };
