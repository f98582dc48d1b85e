import { prisma } from '@/lib/prisma';
import { withTeamAuth } from '@/lib/with-team-auth';
import { auth } from '@/auth';

// ruleid: auth/missing-authentication
export async function DELETE(_request: Request, { params }: { params: Promise<{ teamId: string }> }) {
  const session = await auth();
  if (!session?.user) {
    return new Response('Unauthorized', { status: 401 });
  }
  const { teamId } = await params;
  await prisma.team.delete({ where: { id: teamId } });
  return new Response(null, { status: 204 });
}

// ok: auth/missing-authentication
export const PUT = withTeamAuth(async (request: Request) => Response.json(await request.json()));
