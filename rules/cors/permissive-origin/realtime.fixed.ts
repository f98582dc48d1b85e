import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { ApolloServer } from 'apollo-server';
import { NestFactory } from '@nestjs/core';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { AppModule } from './app.module';
import { typeDefs, resolvers } from './schema';

const httpServer = createServer();

const io = new Server(httpServer, {
  cors: {
    // ruleid: cors/permissive-origin
    origin: (process.env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    methods: ['GET', 'POST'],
  },
});

const apollo = new ApolloServer({
  typeDefs,
  resolvers,
  // ruleid: cors/permissive-origin
  cors: { origin: (process.env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean) },
});

const legacyApollo = new ApolloServer({
  typeDefs,
  resolvers,
  // ruleid: cors/permissive-origin
  cors: { origin: (process.env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean) },
});

async function bootstrap() {
  const nest = await NestFactory.create(AppModule);
  // ruleid: cors/permissive-origin
  nest.enableCors({ origin: (process.env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean) });
  await nest.listen(3000);
}

const hono = new Hono();
// ruleid: cors/permissive-origin
hono.use('/api/*', cors({ origin: (process.env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean) }));

const chat = new Server(httpServer, {
  // ok: cors/permissive-origin
  cors: { origin: ['https://chat.example.com'] },
});

const internal = new Server(httpServer);

// ok: cors/permissive-origin
hono.use('/v2/*', cors({ origin: (process.env.CORS_ORIGINS ?? '').split(',') }));

export { io, apollo, legacyApollo, bootstrap, chat, internal };
