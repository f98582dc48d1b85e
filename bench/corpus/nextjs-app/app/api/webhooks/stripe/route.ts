// app/api/webhooks/stripe/route.ts - Stripe events (signature verified)
import { headers } from 'next/headers';
import { NextResponse } from 'next/server';
import type Stripe from 'stripe';
import { stripe } from '@/lib/stripe';
import { pool } from '@/lib/db';

export async function POST(req: Request) {
  const body = await req.text();
  const signature = headers().get('stripe-signature');
  if (!signature) {
    return NextResponse.json({ error: 'Missing signature' }, { status: 400 });
  }

  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(body, signature, process.env.STRIPE_WEBHOOK_SECRET!);
  } catch (err) {
    return NextResponse.json({ error: `Webhook Error: ${(err as Error).message}` }, { status: 400 });
  }

  if (event.type === 'checkout.session.completed') {
    const session = event.data.object as Stripe.Checkout.Session;
    await pool.query('UPDATE workspaces SET plan = $1, stripe_customer_id = $2 WHERE id = $3', [
      session.metadata?.plan ?? 'starter',
      session.customer,
      session.metadata?.workspaceId,
    ]);
  }

  return NextResponse.json({ received: true });
}
