import { PrismaClient, Prisma } from '@prisma/client';

const prisma = new PrismaClient();

export async function byEmail(email: string) {
  // ruleid: sql/string-built-query
  return prisma.$queryRawUnsafe(`SELECT * FROM "User" WHERE email = '${email}'`);
}

export async function deactivate(id: string) {
  // ruleid: sql/string-built-query
  return prisma.$executeRawUnsafe('UPDATE "User" SET active = false WHERE id = ' + id);
}

export async function typed(name: string) {
  // ruleid: sql/string-built-query
  return prisma.$queryRawUnsafe<{ id: number }[]>(`SELECT id FROM "Team" WHERE name LIKE '%${name}%'`);
}

export async function rawFragment(name: string) {
  // ruleid: sql/string-built-query
  return prisma.$queryRaw`SELECT * FROM "Team" WHERE ${Prisma.raw(`name = '${name}'`)}`;
}

export async function safe(email: string) {
  // ok: sql/string-built-query
  return prisma.$queryRaw`SELECT * FROM "User" WHERE email = ${email}`;
}

export async function safeFragment(email: string) {
  const where = Prisma.sql`WHERE email = ${email}`;
  // ok: sql/string-built-query
  return prisma.$queryRaw(Prisma.sql`SELECT * FROM "User" ${where}`);
}

export async function safeUnsafe(email: string) {
  // ok: sql/string-built-query
  return prisma.$queryRawUnsafe('SELECT * FROM "User" WHERE email = $1', email);
}

export async function orm(id: number) {
  // ok: sql/string-built-query
  return prisma.user.findMany({ where: { id } });
}
