import type { NextApiRequest, NextApiResponse } from 'next';
import { prisma } from '@/lib/prisma';

// ruleid: auth/missing-authentication
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method === 'POST') {
    const comment = await prisma.comment.create({ data: req.body });
    return res.status(201).json(comment);
  }
  return res.json(await prisma.comment.findMany());
}
