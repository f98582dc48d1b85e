// Provider credentials in a TypeScript client. All values are fake.
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { S3Client } from '@aws-sdk/client-s3';

// ruleid: secret/provider-credential
export const openai = new OpenAI({ apiKey: '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' });

export const anthropic = new Anthropic({
  // ruleid: secret/provider-credential
  apiKey: "sk-ant-api03-1H-VtUEiMcIAiL6ddbDd0eLLmhywDZPCSAhO87yEaj6eXJgKSzwZ1nigZSXUnJ63phfQKeFQX7cAVGzzaxRIrv7mfKj36AA",
});

export const s3 = new S3Client({
  region: 'eu-west-1',
  credentials: {
    // ruleid: secret/provider-credential
    accessKeyId: 'AKIAASGYV3YJOCETFQE2',
    // ruleid: secret/provider-credential
    secretAccessKey: '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',
  },
});

// ruleid: secret/provider-credential
const signingKey: string = `-----BEGIN RSA PRIVATE KEY-----
0BClhRTVckKnkyE2Q7uC+kGnHEl+quze5i9nRveLyMfPVMrmU43Y2XFoDFbe8nL3
TgJwPwH0yaJjvkrQENUU0OPVpa+t3DsP346tN2NTaC8NrYI38e1Ruqm4N1JIbh6F
KWY+8NEzzu2LNzBd0cl+npSgUxwvugZIRnbT8cX9mYgNMOk6VGzMvacnA9qOejK1
-----END RSA PRIVATE KEY-----`;

// A bearer token that never expires (no "exp" claim).
// ruleid: secret/provider-credential
const serviceToken = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIyNjk4NzYzMSIsInNjb3BlIjoiYWRtaW4iLCJpYXQiOjE3MTIwMDAwMDB9.dwWnRtq79QmJoy6v0mcYm-yuA4grP7VjeHfuHh65CkD';

// Test-mode keys cannot move money: reported as information.
// ruleid: secret/provider-credential
const stripeTestKey = 'sk_test_0RomPO2XHazXRwkRTNze8ZY3Y6YPiRSe';

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
