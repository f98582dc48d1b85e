import { strict as assert } from 'node:assert';
import { applyFix, corsFindings, summary } from './helpers';

const ALLOWLIST = "(process.env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean)";

describe('cors-js servers with a `cors` option', () => {
  it('Socket.IO: error with credentials; origin true is a reflection', async () => {
    const text = [
      "import { Server } from 'socket.io';",
      "const a = new Server(http, { cors: { origin: '*', credentials: true } });",
      'const b = new Server(http, { cors: { origin: true } });',
      "const c = require('socket.io')(http, { cors: { origin: '*' } });",
      'const d = new Server(http, { cors: { methods: ["GET"] } });',
    ].join('\n');
    assert.deepEqual(summary(await corsFindings('io.ts', text)), [
      '2: cors/permissive-origin error',
      '3: cors/reflected-origin warning',
      '4: cors/permissive-origin warning',
      '5: cors/permissive-origin warning',
    ]);
  });

  it('graphql-yoga: origin "*" and cors: true reflect; the fix turns CORS off when CORS_ORIGINS is unset', async () => {
    const text = "import { createYoga } from 'graphql-yoga';\nexport const y = createYoga({ schema, cors: { origin: '*', credentials: true } });\n";
    const [f] = await corsFindings('yoga.ts', text);
    assert.equal(f?.ruleId, 'cors/reflected-origin');
    assert.equal(f?.severity, 'error');
    assert.equal(
      applyFix(text, f!),
      `import { createYoga } from 'graphql-yoga';\nexport const y = createYoga({ schema, cors: process.env.CORS_ORIGINS ? { origin: ${ALLOWLIST}, credentials: true } : false });\n`,
    );
  });

  it('NestJS: enableCors() and NestFactory.create(..., { cors: true })', async () => {
    const text = [
      "import { NestFactory } from '@nestjs/core';",
      'async function main() {',
      '  const app = await NestFactory.create(AppModule, { cors: true });',
      '  app.enableCors();',
      "  app.enableCors({ origin: ['https://app.example.com'] });",
      '}',
    ].join('\n');
    const findings = await corsFindings('main.ts', text);
    assert.deepEqual(summary(findings), ['3: cors/permissive-origin warning', '4: cors/permissive-origin warning']);
    assert.match(applyFix(text, findings[0]!), /NestFactory\.create\(AppModule, \{ cors: \{ origin: \(process\.env\.CORS_ORIGINS/);
    assert.match(applyFix(text, findings[1]!), /app\.enableCors\(\{ origin: \(process\.env/);
  });

  it('Apollo Server 2/3 and applyMiddleware; Apollo Server 4 (@apollo/server) has no cors option', async () => {
    const text = [
      "import { ApolloServer } from 'apollo-server-express';",
      "import { ApolloServer as Apollo4 } from '@apollo/server';",
      'const s = new ApolloServer({ typeDefs, cors: true });',
      's.applyMiddleware({ app, cors: { origin: true, credentials: true } });',
      'const t = new Apollo4({ typeDefs, cors: true });',
    ].join('\n');
    assert.deepEqual(summary(await corsFindings('server.ts', text)), ['3: cors/permissive-origin warning', '4: cors/reflected-origin error']);
  });

  it("Next.js middleware: a reflected origin read with `?? ''` is still a reflection", async () => {
    const text = [
      "import { NextRequest, NextResponse } from 'next/server';",
      'export function middleware(request: NextRequest) {',
      '  const res = NextResponse.next();',
      "  const origin = request.headers.get('origin') ?? '';",
      "  res.headers.set('Access-Control-Allow-Origin', origin);",
      '  return res;',
      '}',
    ].join('\n');
    assert.deepEqual(summary(await corsFindings('middleware.ts', text)), ['5: cors/reflected-origin warning']);
  });
});
