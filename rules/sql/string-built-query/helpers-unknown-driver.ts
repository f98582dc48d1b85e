import { db } from './db';
import { sql } from 'slonik';

const TABLE = 'audit_log';
const BASE = `SELECT * FROM ${TABLE}`;

export async function audit(actor: string) {
  // ruleid: sql/string-built-query
  return db.query(`${BASE} WHERE actor = '${actor}'`);
}

export async function filtered(filters: { status?: string; owner?: string }) {
  let query = 'SELECT * FROM tickets WHERE 1 = 1';
  if (filters.status) query += ` AND status = '${filters.status}'`;
  if (filters.owner) query += " AND owner = '" + filters.owner + "'";
  // ruleid: sql/string-built-query
  return db.query(query);
}

export async function nested(email: string) {
  const where = `email = '${email}'`;
  const query = 'SELECT * FROM users WHERE ' + where;
  // ruleid: sql/string-built-query
  return db.query(query);
}

export async function multiLine(orgId: string) {
  // ruleid: sql/string-built-query
  return db.query(
    `SELECT *
       FROM projects
      WHERE org_id = '${orgId}'`,
  );
}

export async function slonik(email: string) {
  // ok: sql/string-built-query
  return db.query(sql`SELECT * FROM users WHERE email = ${email}`);
}

export async function constants() {
  // ok: sql/string-built-query
  return db.query(BASE + ' WHERE created_at > now() - interval \'1 day\'');
}

export async function notSql(name: string) {
  // ok: sql/string-built-query
  return db.query('Updating ' + name + ' now');
}

export async function params(actor: string) {
  // ok: sql/string-built-query
  return db.query(`${BASE} WHERE actor = $1`, [actor]);
}

export function label(count: number) {
  // ok: sql/string-built-query
  return 'Select from ' + count + ' options';
}
