import { prisma } from '@/lib/prisma';

// ruleid: auth/missing-authentication
export async function POST(request: Request) {
  return Response.json(await prisma.item.create({ data: await request.json() }));
}
