import { db } from '../db.js';

const billingRoutes = async (app) => {
  // ok: auth/missing-authentication
  app.post('/subscriptions', async (request) => db.subscriptions.create(request.body));
};

export default billingRoutes;
