import type { NextApiRequest, NextApiResponse } from 'next';
import { prisma } from '@/lib/prisma';

// ok: auth/missing-authentication
export default async function handler(_req: NextApiRequest, res: NextApiResponse) {
  res.json({ posts: await prisma.post.count() });
}
