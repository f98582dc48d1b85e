import { expressjwt } from 'express-jwt';

// Verifies the bearer token on every request it guards.
export const checkJwt = expressjwt({ secret: process.env.JWT_SECRET ?? '', algorithms: ['HS256'] });
