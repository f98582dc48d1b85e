// src/config.ts - Typed configuration loaded from the environment
import { z } from 'zod';

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().default(8080),
  DATABASE_URL: z.string().url(),
  JWT_SECRET: z.string().min(32),
  STRIPE_SECRET_KEY: z.string().startsWith('sk_'),
  STRIPE_WEBHOOK_SECRET: z.string(),
  OPENAI_API_KEY: z.string().optional(),
  CORS_ORIGINS: z.string().default('http://localhost:3000'),
});

export type Env = z.infer<typeof envSchema>;

export const env: Env = envSchema.parse(process.env);

export const corsOrigins = env.CORS_ORIGINS.split(',').map((o) => o.trim());

// Feature flags
export const features = {
  aiSummaries: true,
  billing: true,
  newsletter: false,
};

// Public keys are safe to ship to the browser
export const publicConfig = {
  stripePublishableKey: 'pk_test_51OoQ2bKp1TzYxWv9eRnM3cLq8Hj',
  sentryDsn: 'https://3f2a1b9c8d7e4f60a1b2c3d4e5f60718@o450000.ingest.sentry.io/5000000',
  passwordMinLength: 10,
  passwordPolicyHint: 'Use at least 10 characters, including a number and a symbol',
};

export const PASSWORD_FIELD = 'password';
export const TOKEN_COOKIE_NAME = 'access_token';
export const API_KEY_HEADER = 'x-api-key';
