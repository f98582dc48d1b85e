// pages/api/legacy-export.ts - CSV export kept from the Pages Router version
import type { NextApiRequest, NextApiResponse } from 'next';
import mysql from 'mysql2/promise';

const connection = mysql.createPool({
  host: 'legacy-mysql.internal',
  user: 'export_user',
  password: 'Exp0rt_2023_legacy!',
  database: 'taskflow_legacy',
});

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method === 'GET') {
    const { workspace, from } = req.query;
    const [rows] = await connection.query(
      'SELECT id, title, status, created_at FROM tasks WHERE workspace = ? AND created_at >= ?',
      [workspace, from]
    );
    res.setHeader('Content-Type', 'text/csv');
    res.send((rows as Array<Record<string, unknown>>).map((r) => Object.values(r).join(',')).join('\n'));
    return;
  }

  if (req.method === 'POST') {
    const { workspace, olderThan } = req.body;
    await connection.query("DELETE FROM tasks WHERE workspace = '" + workspace + "' AND created_at < '" + olderThan + "'");
    res.status(200).json({ purged: true });
    return;
  }

  res.setHeader('Allow', ['GET', 'POST']);
  res.status(405).end(`Method ${req.method} Not Allowed`);
}
