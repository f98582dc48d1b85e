// lib/auth.ts - NextAuth configuration
import type { NextAuthOptions } from 'next-auth';
import { getServerSession } from 'next-auth';
import GitHubProvider from 'next-auth/providers/github';
import CredentialsProvider from 'next-auth/providers/credentials';
import bcrypt from 'bcryptjs';
import { pool } from './db';

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt', maxAge: 60 * 60 * 24 * 7 },
  providers: [
    GitHubProvider({
      clientId: process.env.GITHUB_ID ?? 'Iv1.8a61f9b3a7aba766',
      clientSecret: process.env.GITHUB_SECRET ?? '3d4e7c1f0b9a8e6d5c4b3a2f1e0d9c8b7a6f5e4d',
    }),
    CredentialsProvider({
      name: 'Email',
      credentials: {
        email: { label: 'Email', type: 'email', placeholder: 'you@example.com' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(credentials) {
        if (!credentials?.email || !credentials.password) return null;
        const { rows } = await pool.query('SELECT id, email, name, role, password_hash FROM users WHERE email = $1', [
          credentials.email,
        ]);
        const user = rows[0];
        if (!user || !(await bcrypt.compare(credentials.password, user.password_hash))) return null;
        return { id: user.id, email: user.email, name: user.name, role: user.role };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) token.role = (user as { role?: string }).role ?? 'member';
      return token;
    },
    async session({ session, token }) {
      if (session.user) (session.user as { role?: string; id?: string }).role = token.role as string;
      (session.user as { id?: string }).id = token.sub;
      return session;
    },
  },
  pages: { signIn: '/login' },
};

/** Current session or null. */
export function auth() {
  return getServerSession(authOptions);
}

/** Throws a 401 Response when there is no session. */
export async function requireUser() {
  const session = await auth();
  if (!session?.user) {
    throw new Response(JSON.stringify({ error: 'Unauthorized' }), { status: 401 });
  }
  return session.user as { id: string; email: string; role: string };
}
