import { prisma } from '@/lib/prisma';

// ruleid: auth/missing-authentication
export async function POST(request: Request) {
  const event = await request.json();
  await prisma.deployment.create({ data: { ref: event.ref } });
  return new Response(null, { status: 204 });
}
