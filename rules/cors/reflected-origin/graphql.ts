import { createServer } from 'node:http';
import { createYoga, createSchema } from 'graphql-yoga';

const schema = createSchema({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });

export const yoga = createYoga({
  schema,
  cors: {
    // ruleid: cors/reflected-origin
    origin: '*',
    credentials: true,
  },
});

export const publicYoga = createYoga({
  schema,
  // ruleid: cors/reflected-origin
  cors: true,
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
