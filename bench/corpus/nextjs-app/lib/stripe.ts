// lib/stripe.ts - Stripe client
import Stripe from 'stripe';

if (!process.env.STRIPE_SECRET_KEY) {
  throw new Error('STRIPE_SECRET_KEY is not set');
}

export const stripe = new Stripe(process.env.STRIPE_SECRET_KEY, {
  apiVersion: '2024-04-10',
  typescript: true,
});

export const PLANS = {
  starter: { priceId: 'price_1PStarterMonthly000001', seats: 3 },
  business: { priceId: 'price_1PBusinessMonthly00001', seats: 25 },
} as const;

// Example key format shown on the settings page: sk_live_XXXXXXXXXXXXXXXXXXXXXXXX
export const STRIPE_KEY_EXAMPLE = 'sk_live_XXXXXXXXXXXXXXXXXXXXXXXX';
