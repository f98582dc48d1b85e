// app/api/webhooks/github/route.ts - GitHub issue events mirrored into tasks
import { NextResponse } from 'next/server';
import { pool } from '@/lib/db';

export async function POST(req: Request) {
  const event = req.headers.get('x-github-event');
  const payload = await req.json();

  if (event === 'issues' && payload.action === 'closed') {
    await pool.query("UPDATE tasks SET status = 'done' WHERE github_issue_url = $1", [payload.issue.html_url]);
  }
  if (event === 'issues' && payload.action === 'opened') {
    await pool.query('INSERT INTO tasks (title, project_id, github_issue_url) VALUES ($1, $2, $3)', [
      payload.issue.title,
      payload.repository.full_name,
      payload.issue.html_url,
    ]);
  }
  return NextResponse.json({ ok: true });
}
