// lib/db.ts - Postgres access for route handlers
import { sql } from '@vercel/postgres';
import { Pool } from 'pg';

// Direct pool for queries @vercel/postgres does not support
export const pool = new Pool({
  host: process.env.PGHOST ?? 'ep-cool-darkness-123456.us-east-2.aws.neon.tech',
  user: process.env.PGUSER ?? 'taskflow_owner',
  password: process.env.PGPASSWORD ?? 'npg_Wq4Zr8LmT2vY',
  database: 'taskflow',
  ssl: { rejectUnauthorized: true },
});

export type Task = {
  id: string;
  title: string;
  status: 'todo' | 'doing' | 'done';
  projectId: string;
  assigneeId: string | null;
};

/** Tasks of a project (tagged template: values are sent as parameters). */
export async function getTasks(projectId: string) {
  const { rows } = await sql<Task>`SELECT * FROM tasks WHERE project_id = ${projectId} ORDER BY created_at`;
  return rows;
}

/** Task search with an optional status filter. */
export async function searchTasks(projectId: string, q: string, status?: string) {
  const filter = status ? ` AND status = '${status}'` : '';
  const { rows } = await pool.query(`SELECT * FROM tasks WHERE project_id = $1 AND title ILIKE $2${filter}`, [projectId, `%${q}%`]);
  return rows as Task[];
}

/** Count tasks per status (constant SQL). */
export async function statusCounts(projectId: string) {
  const { rows } = await pool.query(
    `SELECT status, COUNT(*)::int AS count
       FROM tasks
      WHERE project_id = $1
      GROUP BY status`,
    [projectId]
  );
  return rows as { status: string; count: number }[];
}

/** Rename a label across a project. */
export async function renameLabel(projectId: string, from: string, to: string) {
  return sql.query(`UPDATE labels SET name = '${to}' WHERE project_id = '${projectId}' AND name = '${from}'`);
}
