import { prisma } from '@/lib/prisma';
import { withTeamAuth } from '@/lib/with-team-auth';

// ruleid: auth/missing-authentication
export async function DELETE(_request: Request, { params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  await prisma.team.delete({ where: { id: teamId } });
  return new Response(null, { status: 204 });
}

// ok: auth/missing-authentication
export const PUT = withTeamAuth(async (request: Request) => Response.json(await request.json()));
