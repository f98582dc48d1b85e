import { prisma } from '@/lib/prisma';
import { auth } from '@/auth';

// ruleid: auth/missing-authentication
export const GET = async () => {
  const session = await auth();
  if (!session?.user) {
    return new Response('Unauthorized', { status: 401 });
  }
  const [users, posts] = await Promise.all([prisma.user.count(), prisma.post.count()]);
  return Response.json({ users, posts });
};
