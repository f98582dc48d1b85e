export { auth as middleware } from '@/auth';

export const config = {
  matcher: ['/api/admin/:path*', { source: '/api/billing/:path*', missing: [{ type: 'header', key: 'next-router-prefetch' }] }],
};
