import { NextRequest, NextResponse } from 'next/server';

export async function GET(request: NextRequest) {
  const response = NextResponse.json({ status: 'ok' });
  // ruleid: cors/permissive-origin
  const requestOrigin = request.headers.get('origin');
  if (typeof requestOrigin === 'string' && (process.env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean).includes(requestOrigin)) {
    response.headers.set('Access-Control-Allow-Origin', requestOrigin);
    response.headers.set('Vary', 'Origin');
  }
  return response;
}

export async function OPTIONS() {
  return new NextResponse(null, {
    status: 204,
    headers: {
      // ruleid: cors/permissive-origin
      'Access-Control-Allow-Origin': process.env.CORS_ORIGIN ?? '',
      'Access-Control-Allow-Methods': 'GET, OPTIONS',
    },
  });
}

export async function HEAD() {
  // ruleid: cors/permissive-origin
  return NextResponse.json(null, { headers: { 'Access-Control-Allow-Origin': process.env.CORS_ORIGIN ?? '' } });
}

function withAppOrigin(response: NextResponse) {
  // ok: cors/permissive-origin
  response.headers.set('Access-Control-Allow-Origin', process.env.APP_ORIGIN ?? '');
  return response;
}

export { withAppOrigin };
