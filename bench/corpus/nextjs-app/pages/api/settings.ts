// pages/api/settings.ts - Workspace settings (session required)
import type { NextApiRequest, NextApiResponse } from 'next';
import { getServerSession } from 'next-auth/next';
import { authOptions } from '../../lib/auth';
import { pool } from '../../lib/db';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await getServerSession(req, res, authOptions);
  if (!session) {
    return res.status(401).json({ error: 'You must be signed in.' });
  }
  const email = session.user?.email;

  if (req.method === 'PUT') {
    const { timezone, weekStart } = req.body;
    await pool.query('UPDATE workspace_settings SET timezone = $1, week_start = $2 WHERE owner_email = $3', [
      timezone,
      weekStart,
      email,
    ]);
    return res.status(200).json({ saved: true });
  }

  const { rows } = await pool.query('SELECT * FROM workspace_settings WHERE owner_email = $1', [email]);
  return res.status(200).json(rows[0] ?? {});
}
