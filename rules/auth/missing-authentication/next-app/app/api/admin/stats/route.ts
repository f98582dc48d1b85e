import { prisma } from '@/lib/prisma';

// ruleid: auth/missing-authentication
export const GET = async () => {
  const [users, posts] = await Promise.all([prisma.user.count(), prisma.post.count()]);
  return Response.json({ users, posts });
};
