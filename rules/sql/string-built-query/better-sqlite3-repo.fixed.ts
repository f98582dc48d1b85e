import Database from 'better-sqlite3';

const db = new Database('app.db');

export function findUser(email: string) {
  // ruleid: sql/string-built-query
  return db.prepare(`SELECT * FROM users WHERE email = ?`).get(email);
}

export function findInOrg(org: string, role: string) {
  // ruleid: sql/string-built-query
  return db.prepare("SELECT * FROM members WHERE org = ? AND role = ?").all(org, role);
}

export function removeUser(id: string) {
  // ruleid: sql/string-built-query
  db.exec(`DELETE FROM users WHERE id = '${id}'`);
}

export function statementFor(name: string) {
  // ruleid: sql/string-built-query
  const stmt = db.prepare(`SELECT * FROM users WHERE name = '${name}'`);
  return stmt;
}

export function safeFind(email: string) {
  // ok: sql/string-built-query
  return db.prepare('SELECT * FROM users WHERE email = ?').get(email);
}
