// app/api/posts/route.ts - Project announcements
import { NextResponse } from 'next/server';
import { sql } from '@vercel/postgres';
import { requireUser } from '@/lib/auth';

export const dynamic = 'force-dynamic';

// GET /api/posts?project=...&sort=...
export async function GET(request: Request) {
  const { searchParams } = new URL(request.url);
  const project = searchParams.get('project') ?? '';
  const sort = searchParams.get('sort') ?? 'created_at';
  const query = `SELECT id, title, body, created_at FROM posts WHERE project_id = '${project}' ORDER BY ${sort} DESC`;
  const { rows } = await sql.query(query);
  return NextResponse.json(rows, {
    headers: { 'Access-Control-Allow-Origin': '*' },
  });
}

// POST /api/posts
export async function POST(request: Request) {
  try {
    const user = await requireUser();
    const { projectId, title, body } = await request.json();
    const { rows } = await sql`
      INSERT INTO posts (project_id, author_id, title, body)
      VALUES (${projectId}, ${user.id}, ${title}, ${body})
      RETURNING *`;
    return NextResponse.json(rows[0], { status: 201 });
  } catch (res) {
    if (res instanceof Response) return res;
    throw res;
  }
}
