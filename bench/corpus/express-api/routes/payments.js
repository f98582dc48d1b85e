// routes/payments.js - Stripe checkout, webhooks and refunds
const express = require('express');
const Stripe = require('stripe');
const config = require('../config');
const db = require('../db');
const { authenticate, requireAdmin } = require('../middleware/auth');
const { notifySlack } = require('../utils/mailer');

const stripe = new Stripe(config.stripe.secretKey, { apiVersion: '2024-04-10' });
const router = express.Router();

// POST /payments/checkout - Create a Stripe Checkout session for an order
router.post('/checkout', authenticate, async (req, res) => {
  const { orderId } = req.body;
  const order = await db.query('SELECT * FROM orders WHERE id = $1 AND user_id = $2', [orderId, req.user.id]);
  if (!order.rows.length) {
    return res.status(404).json({ error: 'Order not found' });
  }

  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    payment_method_types: ['card'],
    line_items: [
      {
        price_data: {
          currency: config.stripe.currency,
          product_data: { name: `Order #${orderId}` },
          unit_amount: Math.round(order.rows[0].total * 100),
        },
        quantity: 1,
      },
    ],
    metadata: { orderId: String(orderId) },
    success_url: 'https://shop.example.com/checkout/success?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://shop.example.com/checkout/cancel',
  });

  res.json({ url: session.url });
});

// POST /payments/webhook - Stripe webhook (signature verified)
router.post('/webhook', async (req, res) => {
  const signature = req.headers['stripe-signature'];
  let event;
  try {
    event = stripe.webhooks.constructEvent(req.body, signature, config.stripe.webhookSecret);
  } catch (err) {
    console.error('Webhook signature verification failed:', err.message);
    return res.status(400).send(`Webhook Error: ${err.message}`);
  }

  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object;
      await db.query("UPDATE orders SET status = 'paid', paid_at = NOW() WHERE id = $1", [session.metadata.orderId]);
      break;
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      await db.query("UPDATE orders SET status = 'refunded' WHERE stripe_charge_id = $1", [charge.id]);
      break;
    }
    default:
      console.log(`Unhandled event type ${event.type}`);
  }
  res.json({ received: true });
});

// POST /payments/paypal-ipn - PayPal instant payment notification
router.post('/paypal-ipn', express.urlencoded({ extended: false }), async (req, res) => {
  const { custom: orderId, payment_status: paymentStatus, mc_gross: amount } = req.body;
  if (paymentStatus === 'Completed') {
    await db.query("UPDATE orders SET status = 'paid', paid_amount = $1 WHERE id = $2", [amount, orderId]);
    await notifySlack(`PayPal payment received for order ${orderId}: $${amount}`);
  }
  res.sendStatus(200);
});

// POST /payments/:orderId/refund - Refund an order
router.post('/:orderId/refund', async (req, res) => {
  const order = await db.query('SELECT stripe_payment_intent FROM orders WHERE id = $1', [req.params.orderId]);
  if (!order.rows.length) {
    return res.status(404).json({ error: 'Order not found' });
  }
  const refund = await stripe.refunds.create({ payment_intent: order.rows[0].stripe_payment_intent });
  await db.query("UPDATE orders SET status = 'refunded' WHERE id = $1", [req.params.orderId]);
  res.json({ refundId: refund.id, status: refund.status });
});

// GET /payments/history - Payment history (admin)
router.get('/history', authenticate, requireAdmin, async (req, res) => {
  const result = await db.query(
    "SELECT id, user_id, total, paid_at FROM orders WHERE status = 'paid' ORDER BY paid_at DESC LIMIT 200"
  );
  res.json(result.rows);
});

module.exports = router;
