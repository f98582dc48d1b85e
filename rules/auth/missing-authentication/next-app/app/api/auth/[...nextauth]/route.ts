import { handlers } from '@/auth';

// ok: auth/missing-authentication
export const { GET, POST } = handlers;
