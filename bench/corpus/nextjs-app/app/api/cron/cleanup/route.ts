// app/api/cron/cleanup/route.ts - Nightly cleanup (Vercel Cron, bearer secret)
import { NextResponse } from 'next/server';
import { pool } from '@/lib/db';

export async function GET(request: Request) {
  const authHeader = request.headers.get('authorization');
  if (authHeader !== `Bearer ${process.env.CRON_SECRET}`) {
    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }
  const { rowCount } = await pool.query("DELETE FROM sessions WHERE expires_at < NOW() - INTERVAL '7 days'");
  return NextResponse.json({ deleted: rowCount });
}
