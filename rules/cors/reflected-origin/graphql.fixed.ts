import { createServer } from 'node:http';
import { createYoga, createSchema } from 'graphql-yoga';

const schema = createSchema({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });

export const yoga = createYoga({
  schema,
  cors: process.env.CORS_ORIGINS ? {
    // ruleid: cors/reflected-origin
    origin: (process.env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    credentials: true,
  } : false,
});

export const publicYoga = createYoga({
  schema,
  // ruleid: cors/reflected-origin
  cors: process.env.CORS_ORIGINS ? { origin: (process.env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean) } : false,
});

export const partnerYoga = createYoga({
  schema,
  // ok: cors/reflected-origin
  cors: { origin: ['https://partner.example.com', 'https://admin.example.com'] },
});

export const closedYoga = createYoga({
  schema,
  // ok: cors/reflected-origin
  cors: false,
});

createServer(yoga).listen(4000);
