import { db } from '@/db';

// ruleid: auth/missing-authentication
export async function POST(request: Request) {
  const message = await request.json();
  await db.insert(messages).values(message);
  return Response.json(message, { status: 201 });
}

// ok: auth/missing-authentication
export async function GET() {
  return Response.json(await db.select().from(messages));
}
