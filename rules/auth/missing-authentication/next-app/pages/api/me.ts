import type { NextApiRequest, NextApiResponse } from 'next';
import { getServerSession } from 'next-auth/next';
import { authOptions } from '@/lib/auth-options';
import { prisma } from '@/lib/prisma';

// ok: auth/missing-authentication
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await getServerSession(req, res, authOptions);
  if (!session) return res.status(401).end();
  if (req.method === 'DELETE') {
    await prisma.user.delete({ where: { email: session.user!.email! } });
    return res.status(204).end();
  }
  return res.json(session.user);
}
