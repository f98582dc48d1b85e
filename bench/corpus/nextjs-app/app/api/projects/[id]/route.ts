// app/api/projects/[id]/route.ts
import { NextResponse } from 'next/server';
import { pool, statusCounts } from '@/lib/db';
import { auth } from '@/lib/auth';

export async function GET(_req: Request, { params }: { params: { id: string } }) {
  const session = await auth();
  if (!session) return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  const { rows } = await pool.query('SELECT * FROM projects WHERE id = $1', [params.id]);
  const counts = await statusCounts(params.id);
  return NextResponse.json({ ...rows[0], counts });
}

export async function PUT(req: Request, { params }: { params: { id: string } }) {
  const session = await auth();
  if (!session) return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  const { name, description } = await req.json();
  const { rows } = await pool.query('UPDATE projects SET name = $1, description = $2 WHERE id = $3 RETURNING *', [
    name,
    description,
    params.id,
  ]);
  return NextResponse.json(rows[0]);
}

export const DELETE = async (_req: Request, { params }: { params: { id: string } }) => {
  await pool.query('DELETE FROM tasks WHERE project_id = $1', [params.id]);
  await pool.query('DELETE FROM projects WHERE id = $1', [params.id]);
  return NextResponse.json({ deleted: true });
};
