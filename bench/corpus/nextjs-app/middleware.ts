// middleware.ts - Protects the dashboard and admin API, handles CORS for the public API
import { NextResponse } from 'next/server';
import type { NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';

const ALLOWED_ORIGINS = (process.env.ALLOWED_ORIGINS ?? 'https://taskflow.example.com').split(',');

export async function middleware(request: NextRequest) {
  const { pathname } = request.nextUrl;

  // Public API: allowlisted CORS
  if (pathname.startsWith('/api/public')) {
    const origin = request.headers.get('origin') ?? '';
    const response = NextResponse.next();
    if (ALLOWED_ORIGINS.includes(origin)) {
      response.headers.set('Access-Control-Allow-Origin', origin);
      response.headers.set('Vary', 'Origin');
    }
    return response;
  }

  // Admin API and dashboard require a session
  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET });
  if (!token) {
    if (pathname.startsWith('/api/')) {
      return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
    }
    const loginUrl = new URL('/login', request.url);
    loginUrl.searchParams.set('callbackUrl', pathname);
    return NextResponse.redirect(loginUrl);
  }

  if (pathname.startsWith('/api/admin') && token.role !== 'admin') {
    return NextResponse.json({ error: 'Forbidden' }, { status: 403 });
  }

  return NextResponse.next();
}

export const config = {
  matcher: ['/dashboard/:path*', '/api/admin/:path*', '/api/public/:path*'],
};
