import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function search(term: string, minPrice: string) {
  return db('products')
    // ruleid: sql/string-built-query
    .whereRaw(`name ILIKE ?`, [`%${term}%`])
    // ruleid: sql/string-built-query
    .andWhereRaw('price >= ?', [minPrice]);
}

export async function byOwner(owner: string, tag: string) {
  // ruleid: sql/string-built-query
  return db.raw(`SELECT * FROM posts WHERE owner = ? AND tag = ?`, [owner, tag]);
}

export async function sorted(column: string) {
  // ruleid: sql/string-built-query
  return db('posts').orderByRaw(`${column} DESC`);
}

export async function safeSearch(term: string) {
  // ok: sql/string-built-query
  return db('products').whereRaw('name ILIKE ?', [`%${term}%`]);
}

export async function builder(id: string) {
  // ok: sql/string-built-query
  return db('users').where({ id }).first();
}
