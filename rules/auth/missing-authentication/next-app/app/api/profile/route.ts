import { auth } from '@/auth';
import { prisma } from '@/lib/prisma';

// ok: auth/missing-authentication
export async function PATCH(request: Request) {
  const session = await auth();
  if (!session?.user) return new Response('Unauthorized', { status: 401 });
  const data = await request.json();
  return Response.json(await prisma.user.update({ where: { email: session.user.email! }, data }));
}
