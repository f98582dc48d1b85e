import { NextRequest, NextResponse } from 'next/server';

export async function GET(request: NextRequest) {
  const response = NextResponse.json({ status: 'ok' });
  // ruleid: cors/permissive-origin
  response.headers.set('Access-Control-Allow-Origin', '*');
  return response;
}

export async function OPTIONS() {
  return new NextResponse(null, {
    status: 204,
    headers: {
      // ruleid: cors/permissive-origin
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, OPTIONS',
    },
  });
}

export async function HEAD() {
  // ruleid: cors/permissive-origin
  return NextResponse.json(null, { headers: { 'Access-Control-Allow-Origin': '*' } });
}

function withAppOrigin(response: NextResponse) {
  // ok: cors/permissive-origin
  response.headers.set('Access-Control-Allow-Origin', process.env.APP_ORIGIN ?? '');
  return response;
}

export { withAppOrigin };
