import { prisma } from '@/lib/prisma';

// ok: auth/missing-authentication
export async function DELETE(request: Request) {
  const { id } = await request.json();
  await prisma.user.delete({ where: { id } });
  return new Response(null, { status: 204 });
}
