import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';
import { auth } from '@/auth';

// ok: auth/missing-authentication
export async function GET() {
  return NextResponse.json(await prisma.post.findMany());
}

// ruleid: auth/missing-authentication
export async function POST(request: Request) {
  const session = await auth();
  if (!session?.user) {
    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }
  const data = await request.json();
  const post = await prisma.post.create({ data });
  return NextResponse.json(post, { status: 201 });
}
