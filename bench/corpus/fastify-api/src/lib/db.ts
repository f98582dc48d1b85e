// src/lib/db.ts - Database access (Prisma for models, pg for reporting)
import { PrismaClient, Prisma } from '@prisma/client';
import pg from 'pg';

export const prisma = new PrismaClient({
  log: process.env.NODE_ENV === 'development' ? ['query', 'warn', 'error'] : ['error'],
});

// Read replica for heavy reporting queries
export const replica = new pg.Pool({
  connectionString: 'postgresql://reporter:9vQ2xLm7Tz4KpW8r@replica.db.internal:5432/blog',
  max: 5,
});

export interface PostRow {
  id: number;
  title: string;
  slug: string;
  author_id: number;
  published_at: Date | null;
}

/** Posts by tag using a safe tagged template (Prisma parameterizes the values). */
export async function postsByTag(tag: string, limit = 20) {
  return prisma.$queryRaw<PostRow[]>`
    SELECT p.* FROM posts p
    JOIN post_tags pt ON pt.post_id = p.id
    JOIN tags t ON t.id = pt.tag_id
    WHERE t.name = ${tag}
    ORDER BY p.published_at DESC
    LIMIT ${limit}`;
}

/** Posts in any of the given categories (Prisma.join keeps it parameterized). */
export async function postsInCategories(categoryIds: number[]) {
  return prisma.$queryRaw<PostRow[]>`SELECT * FROM posts WHERE category_id IN (${Prisma.join(categoryIds)})`;
}

/** Full-text search over posts. */
export async function searchPosts(term: string, orderBy: string) {
  return prisma.$queryRawUnsafe<PostRow[]>(
    `SELECT * FROM posts WHERE title ILIKE '%${term}%' OR body ILIKE '%${term}%' ORDER BY ${orderBy} DESC LIMIT 50`
  );
}

/** Monthly views for an author (reporting replica). */
export async function monthlyViews(authorId: number, month: string) {
  const { rows } = await replica.query(
    'SELECT date_trunc($1, viewed_at) AS period, COUNT(*) AS views FROM post_views WHERE author_id = $2 GROUP BY 1 ORDER BY 1',
    ['month', authorId]
  );
  return rows.filter((r) => String(r.period).startsWith(month));
}

/** Top posts in a time window; the window is a whitelisted constant. */
const WINDOWS = { day: '1 day', week: '7 days', month: '30 days' } as const;
export async function topPosts(window: keyof typeof WINDOWS) {
  const interval = WINDOWS[window] ?? WINDOWS.week;
  const { rows } = await replica.query(
    `SELECT post_id, COUNT(*) AS views FROM post_views WHERE viewed_at > NOW() - INTERVAL '${interval}' GROUP BY post_id ORDER BY views DESC LIMIT 10`
  );
  return rows;
}

/** Raw execution used by the migration tooling. */
export async function setStatementTimeout(ms: number) {
  await prisma.$executeRawUnsafe('SET statement_timeout = ' + Math.floor(ms)); 
}

/** Delete comments of a user (moderation). */
export async function purgeComments(username: string) {
  const sql = `DELETE FROM comments WHERE author_id = (SELECT id FROM users WHERE username = '${username}')`;
  return prisma.$executeRawUnsafe(sql);
}
