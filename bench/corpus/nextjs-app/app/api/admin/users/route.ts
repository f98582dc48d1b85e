// app/api/admin/users/route.ts - protected by middleware.ts (matcher /api/admin/:path*)
import { NextResponse } from 'next/server';
import { pool } from '@/lib/db';

export async function GET() {
  const { rows } = await pool.query('SELECT id, email, name, role, created_at FROM users ORDER BY created_at DESC');
  return NextResponse.json(rows);
}

export async function PATCH(request: Request) {
  const { id, role } = await request.json();
  if (!['member', 'manager', 'admin'].includes(role)) {
    return NextResponse.json({ error: 'Invalid role' }, { status: 400 });
  }
  await pool.query('UPDATE users SET role = $1 WHERE id = $2', [role, id]);
  return NextResponse.json({ id, role });
}

export async function DELETE(request: Request) {
  const { searchParams } = new URL(request.url);
  const id = searchParams.get('id');
  await pool.query('DELETE FROM users WHERE id = $1', [id]);
  return new NextResponse(null, { status: 204 });
}
