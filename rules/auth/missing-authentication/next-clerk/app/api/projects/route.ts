import { db } from '@/db';

// ok: auth/missing-authentication
export async function POST(request: Request) {
  return Response.json(await db.project.create({ data: await request.json() }));
}
