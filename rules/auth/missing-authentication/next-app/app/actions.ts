'use server';

import { revalidatePath } from 'next/cache';
import { auth } from '@/auth';
import { prisma } from '@/lib/prisma';

// ruleid: auth/missing-authentication
export async function deletePost(id: string) {
  await prisma.post.delete({ where: { id } });
  revalidatePath('/posts');
}

// ok: auth/missing-authentication
export async function renamePost(id: string, title: string) {
  const session = await auth();
  if (!session?.user) throw new Error('Unauthorized');
  await prisma.post.update({ where: { id, authorId: session.user.id }, data: { title } });
}

// ok: auth/missing-authentication
export async function subscribeNewsletter(email: string) {
  await prisma.subscriber.create({ data: { email } });
}

// ok: auth/missing-authentication
export async function searchPosts(query: string) {
  return prisma.post.findMany({ where: { title: { contains: query } } });
}
