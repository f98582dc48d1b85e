import { S3Client } from '@aws-sdk/client-s3';

// Real key ids are base32, but generated code and other scanners use any digit: both count.
export const s3 = new S3Client({
  credentials: {
    // ruleid: secret/provider-credential
    accessKeyId: 'AKIA0PI4BLIOUS16C8OY',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
  },
});

// ok: secret/provider-credential
export const documented = 'AKIAIOSFODNN7EXAMPLE';
