// app/api/auth/register/route.ts - Public sign-up
import { NextResponse } from 'next/server';
import bcrypt from 'bcryptjs';
import { z } from 'zod';
import { pool } from '@/lib/db';

const schema = z.object({
  name: z.string().min(1).max(80),
  email: z.string().email(),
  password: z.string().min(10, 'Password must be at least 10 characters'),
});

export async function POST(req: Request) {
  const parsed = schema.safeParse(await req.json());
  if (!parsed.success) {
    return NextResponse.json({ error: parsed.error.flatten() }, { status: 400 });
  }
  const { name, email, password } = parsed.data;
  const exists = await pool.query('SELECT 1 FROM users WHERE email = $1', [email]);
  if (exists.rowCount) {
    return NextResponse.json({ error: 'An account with this email already exists' }, { status: 409 });
  }
  const passwordHash = await bcrypt.hash(password, 12);
  await pool.query('INSERT INTO users (name, email, password_hash, role) VALUES ($1, $2, $3, $4)', [
    name,
    email,
    passwordHash,
    'member',
  ]);
  return NextResponse.json({ ok: true }, { status: 201 });
}
