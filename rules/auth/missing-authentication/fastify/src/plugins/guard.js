import fp from 'fastify-plugin';

// Every route of the registering scope needs a valid token.
export default fp(async (app) => {
  app.addHook('onRequest', async (request, reply) => {
    try {
      await request.jwtVerify();
    } catch {
      reply.code(401).send({ error: 'Unauthorized' });
    }
  });
});
