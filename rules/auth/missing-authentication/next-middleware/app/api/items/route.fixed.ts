import { prisma } from '@/lib/prisma';
import { auth } from '../../../auth';

// ruleid: auth/missing-authentication
export async function POST(request: Request) {
  const session = await auth();
  if (!session?.user) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json(await prisma.item.create({ data: await request.json() }));
}
