import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';

// ok: auth/missing-authentication
export async function GET() {
  return NextResponse.json(await prisma.post.findMany());
}

// ruleid: auth/missing-authentication
export async function POST(request: Request) {
  const data = await request.json();
  const post = await prisma.post.create({ data });
  return NextResponse.json(post, { status: 201 });
}
