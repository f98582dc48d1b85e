import { processFile } from '@/lib/uploads';
import { prisma } from '@/lib/prisma';

// ok: auth/missing-authentication
export async function POST(request: Request) {
  return processFile(request);
}

function assertUploader(request: Request) {
  if (request.headers.get('x-api-key') !== process.env.UPLOAD_KEY) throw new Response('Forbidden', { status: 403 });
}

// ok: auth/missing-authentication
export async function PUT(request: Request) {
  assertUploader(request);
  return Response.json(await prisma.upload.update({ where: { id: 1 }, data: await request.json() }));
}

// ruleid: auth/missing-authentication
export async function DELETE(request: Request) {
  console.log(request);
  await prisma.upload.deleteMany();
  return new Response(null, { status: 204 });
}
