// app/api/upload/route.ts - File attachments for tasks
import { NextResponse } from 'next/server';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'crypto';

const s3 = new S3Client({
  region: 'eu-west-1',
  credentials: {
    accessKeyId: 'AKIA7WWO9849Y8C7EJ0L',
    secretAccessKey: 'eXyVzambZ7ALh9Q9QRz0ugL4Pt7gd4RIf+lLJyPP',
  },
});

const MAX_SIZE = 10 * 1024 * 1024;

export async function POST(req: Request) {
  const form = await req.formData();
  const file = form.get('file');
  if (!(file instanceof File)) {
    return NextResponse.json({ error: 'No file uploaded' }, { status: 400 });
  }
  if (file.size > MAX_SIZE) {
    return NextResponse.json({ error: 'File too large' }, { status: 413 });
  }
  const key = `attachments/${randomUUID()}-${file.name}`;
  await s3.send(
    new PutObjectCommand({
      Bucket: 'taskflow-attachments',
      Key: key,
      Body: Buffer.from(await file.arrayBuffer()),
      ContentType: file.type,
    })
  );
  return NextResponse.json({ key }, { status: 201 });
}
