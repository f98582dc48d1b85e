import { prisma } from '@/lib/prisma';

// ok: auth/missing-authentication
export async function POST(request: Request) {
  return Response.json(await prisma.invoice.create({ data: await request.json() }));
}
