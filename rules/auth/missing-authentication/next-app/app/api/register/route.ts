import { prisma } from '@/lib/prisma';

// ok: auth/missing-authentication
export async function POST(request: Request) {
  const { email, name } = await request.json();
  return Response.json(await prisma.user.create({ data: { email, name } }), { status: 201 });
}
