import mysql from 'mysql2/promise';
import type { Request, Response } from 'express';

const pool = mysql.createPool({ host: process.env.DB_HOST, user: 'app', database: 'shop' });

export async function getUser(req: Request, res: Response) {
  // ruleid: sql/string-built-query
  const [rows] = await pool.query(`SELECT * FROM users WHERE email = ? AND tenant_id = ?`, [req.body.email, req.body.tenantId]);
  res.json(rows);
}

export async function updateName(id: string, name: string) {
  // ruleid: sql/string-built-query
  await pool.execute('UPDATE users SET name = "' + name + '" WHERE id = ' + id);
}

export async function rename(id: string, name: string) {
  // ruleid: sql/string-built-query
  await pool.execute("UPDATE users SET name = ? WHERE id = ?", [name, id]);
}

export async function findOrders(userId: string, status: string) {
  const base = 'SELECT * FROM orders WHERE user_id = ?';
  let query = base + ' AND status = ?';
  query += ` AND created_at > ?`;
  // ruleid: sql/string-built-query
  const [rows] = await pool.query(query, [userId, status, new Date(Date.now() - 864e5).toISOString()]);
  return rows;
}

export async function deleteComment(commentId: string) {
  const sql = `DELETE FROM comments WHERE id = ?`;
  // ruleid: sql/string-built-query
  return pool.query(sql, [commentId]);
}

export async function searchTable(table: string, term: string) {
  // ruleid: sql/string-built-query
  return pool.query(`SELECT * FROM ${table} WHERE name = ?`, [term]);
}

export async function safeLookup(email: string) {
  // ok: sql/string-built-query
  const [rows] = await pool.execute('SELECT * FROM users WHERE email = ?', [email]);
  return rows;
}

export async function byId(id: string) {
  // ok: sql/string-built-query
  return pool.query(`SELECT * FROM users WHERE id = ${Number(id)}`);
}

export function describeQuery(table: string) {
  // ok: sql/string-built-query
  return `Query touches ${table} only`;
}
