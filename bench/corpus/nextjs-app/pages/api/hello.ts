// pages/api/hello.ts
import type { NextApiRequest, NextApiResponse } from 'next';

type Data = { name: string; time: string };

export default function handler(_req: NextApiRequest, res: NextApiResponse<Data>) {
  res.status(200).json({ name: 'TaskFlow', time: new Date().toISOString() });
}
