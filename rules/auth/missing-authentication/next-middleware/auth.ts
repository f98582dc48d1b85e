import NextAuth from 'next-auth';
import Google from 'next-auth/providers/google';

export const { handlers, auth } = NextAuth({
  providers: [Google],
  callbacks: {
    authorized: ({ auth: session }) => !!session?.user,
  },
});
