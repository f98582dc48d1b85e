// app/api/teams/[teamId]/members/route.ts
import { NextResponse } from 'next/server';
import { pool } from '@/lib/db';
import { requireUser } from '@/lib/auth';

export async function GET(_req: Request, { params }: { params: { teamId: string } }) {
  const user = await requireUser();
  const { rows } = await pool.query(
    'SELECT u.id, u.name, m.role FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = $1 AND EXISTS (SELECT 1 FROM team_members WHERE team_id = $1 AND user_id = $2)',
    [params.teamId, user.id]
  );
  return NextResponse.json(rows);
}

export async function POST(req: Request, { params }: { params: { teamId: string } }) {
  const user = await requireUser();
  const { userId, role } = await req.json();
  const { rows } = await pool.query('SELECT role FROM team_members WHERE team_id = $1 AND user_id = $2', [
    params.teamId,
    user.id,
  ]);
  if (rows[0]?.role !== 'owner') {
    return NextResponse.json({ error: 'Only owners can add members' }, { status: 403 });
  }
  await pool.query('INSERT INTO team_members (team_id, user_id, role) VALUES ($1, $2, $3)', [params.teamId, userId, role]);
  return NextResponse.json({ added: true }, { status: 201 });
}

export async function DELETE(req: Request, { params }: { params: { teamId: string } }) {
  const { searchParams } = new URL(req.url);
  const userId = searchParams.get('userId');
  await pool.query(`DELETE FROM team_members WHERE team_id = ${params.teamId} AND user_id = ${userId}`);
  return NextResponse.json({ removed: true });
}
