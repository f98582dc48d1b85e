import fp from 'fastify-plugin';

// Decorates the instance with `authenticate`; adds no hook by itself.
export default fp(async (app) => {
  app.decorate('verifyUser', async (request) => {
    await request.jwtVerify();
  });
});
