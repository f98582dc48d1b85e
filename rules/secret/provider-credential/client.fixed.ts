// Provider credentials in a TypeScript client. All values are fake.
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { S3Client } from '@aws-sdk/client-s3';

// ruleid: secret/provider-credential
export const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY! });

export const anthropic = new Anthropic({
  // ruleid: secret/provider-credential
  apiKey: process.env.ANTHROPIC_API_KEY!,
});

export const s3 = new S3Client({
  region: 'eu-west-1',
  credentials: {
    // ruleid: secret/provider-credential
    accessKeyId: process.env.AWS_ACCESS_KEY_ID!,
    // ruleid: secret/provider-credential
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY!,
  },
});

// ruleid: secret/provider-credential
const signingKey: string = process.env.SIGNING_KEY!;

// A bearer token that never expires (no "exp" claim).
// ruleid: secret/provider-credential
const serviceToken = process.env.SERVICE_TOKEN!;

// Test-mode keys cannot move money: reported as information.
// ruleid: secret/provider-credential
const stripeTestKey = process.env.STRIPE_SECRET_KEY!;

// Comments leak too; there is nothing to rewrite, so no quick fix.
// ruleid: secret/provider-credential
// old token: glpat-HTgXdIzisGtO3D8w7BFa

const owner = 'acme';
// ruleid: secret/provider-credential
const cloneUrl = `https://x-access-token:ghp_Z0N8BxFrzX2NZLXlQMhf5QzW7s3G8VFitrHp@github.com/${owner}/app.git`;

// An access token that lived 15 minutes expired long ago.
// ok: secret/provider-credential
const expiredAccessToken = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI5ODU2NDU4NyIsImlhdCI6MTcxMjAwMDAwMCwiZXhwIjoxNzEyMDAwOTAwfQ.9SOrc11t_OhRFWep7sSqQ3yejD94kgWUSRTrg5zelNs';

// The jwt.io sample token.
// ok: secret/provider-credential
const sampleJwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

// 40 base64 characters without any AWS context are not an AWS secret.
// ok: secret/provider-credential
const checksum = 'aKLWqIf30dKbddmhNsFFXXibJdlIofXkKNv1YJJf';

// ok: secret/provider-credential
const publicKey = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEcIZ8sV2l3x0jPqkGmV9y4sQb1rTnE8w
-----END PUBLIC KEY-----`;

// ok: secret/provider-credential
const keyTemplate = '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----';

export { signingKey, serviceToken, stripeTestKey, cloneUrl, expiredAccessToken, sampleJwt, checksum, publicKey, keyTemplate };
