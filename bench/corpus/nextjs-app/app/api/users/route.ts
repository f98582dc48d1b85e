// app/api/users/route.ts
import { NextResponse } from 'next/server';
import bcrypt from 'bcryptjs';
import { pool } from '@/lib/db';
import { auth } from '@/lib/auth';

// GET /api/users - list members of the caller's workspace
export async function GET(request: Request) {
  const session = await auth();
  if (!session?.user) {
    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }
  const { searchParams } = new URL(request.url);
  const role = searchParams.get('role');
  const { rows } = await pool.query(
    role
      ? 'SELECT id, name, email, role FROM users WHERE workspace_id = $1 AND role = $2'
      : 'SELECT id, name, email, role FROM users WHERE workspace_id = $1',
    role ? [session.user.email, role] : [session.user.email]
  );
  return NextResponse.json(rows);
}

// POST /api/users - invite a user into the workspace with a temporary password
export async function POST(request: Request) {
  const { email, name, role = 'member' } = await request.json();
  if (!email) {
    return NextResponse.json({ error: 'Email is required' }, { status: 400 });
  }
  const tempPassword = Math.random().toString(36).slice(2, 10);
  const hash = await bcrypt.hash(tempPassword, 10);
  const { rows } = await pool.query(
    'INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id, email, name, role',
    [email, name, role, hash]
  );
  return NextResponse.json({ user: rows[0], tempPassword }, { status: 201 });
}
