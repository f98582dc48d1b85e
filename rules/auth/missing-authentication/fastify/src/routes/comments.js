import { db } from '../db.js';

export default async function commentRoutes(app) {
  // ok: auth/missing-authentication
  app.get('/', async () => db.comments.findMany());

  // ruleid: auth/missing-authentication
  app.post('/', async (request) => db.comments.create(request.body));

  // ok: auth/missing-authentication
  app.delete('/:id', { preHandler: app.verifyUser }, async (request) => db.comments.delete(request.params.id));
}
