import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL);

export async function account(id) {
  // ruleid: sql/string-built-query
  return sql.unsafe(`SELECT * FROM accounts WHERE id = $1`, [id]);
}

export async function safeAccount(id) {
  // ok: sql/string-built-query
  return sql`SELECT * FROM accounts WHERE id = ${id}`;
}

export async function dynamicColumn(column, id) {
  // ok: sql/string-built-query
  return sql`SELECT ${sql(column)} FROM accounts WHERE id = ${id}`;
}
