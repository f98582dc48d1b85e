import { NextRequest, NextResponse } from 'next/server';

export function middleware(request: NextRequest) {
  const response = NextResponse.next();
  const origin = request.headers.get('origin') ?? '';
  // ruleid: cors/reflected-origin
  if (typeof origin === 'string' && (process.env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean).includes(origin)) {
    response.headers.set('Access-Control-Allow-Origin', origin);
    response.headers.set('Vary', 'Origin');
  }
  response.headers.set('Access-Control-Allow-Credentials', 'true');
  return response;
}

export const config = { matcher: '/api/:path*' };
