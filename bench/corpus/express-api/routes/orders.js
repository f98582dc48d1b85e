// routes/orders.js - Orders (mounted behind authenticate in app.js)
const express = require('express');
const db = require('../db');
const { requireAdmin } = require('../middleware/auth');

const router = express.Router();

const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled'];

// GET /orders - Orders of the current user
router.get('/', async (req, res) => {
  const result = await db.query('SELECT * FROM orders WHERE user_id = $1 ORDER BY created_at DESC', [req.user.id]);
  res.json(result.rows);
});

// GET /orders/:id - Order details
router.get('/:id', async (req, res) => {
  const order = await db.query('SELECT * FROM orders WHERE id = $1 AND user_id = $2', [req.params.id, req.user.id]);
  if (!order.rows.length) {
    return res.status(404).json({ error: 'Order not found' });
  }
  const items = await db.query(
    'SELECT oi.*, p.name FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = $1',
    [req.params.id]
  );
  res.json({ ...order.rows[0], items: items.rows });
});

// POST /orders - Create an order from the cart
router.post('/', async (req, res) => {
  const { items, shippingAddress } = req.body;
  if (!Array.isArray(items) || items.length === 0) {
    return res.status(400).json({ error: 'Order must contain at least one item' });
  }

  try {
    const order = await db.withTransaction(async (client) => {
      let total = 0;
      for (const item of items) {
        const product = await client.query('SELECT price, stock FROM products WHERE id = $1 FOR UPDATE', [
          item.productId,
        ]);
        if (!product.rows.length || product.rows[0].stock < item.quantity) {
          throw Object.assign(new Error('Insufficient stock'), { status: 409 });
        }
        total += product.rows[0].price * item.quantity;
      }

      const created = await client.query(
        'INSERT INTO orders (user_id, total, status, shipping_address) VALUES ($1, $2, $3, $4) RETURNING *',
        [req.user.id, total, 'pending', JSON.stringify(shippingAddress)]
      );

      for (const item of items) {
        await client.query(
          'INSERT INTO order_items (order_id, product_id, quantity) VALUES ($1, $2, $3)',
          [created.rows[0].id, item.productId, item.quantity]
        );
        await client.query('UPDATE products SET stock = stock - $1 WHERE id = $2', [item.quantity, item.productId]);
      }
      return created.rows[0];
    });
    res.status(201).json(order);
  } catch (err) {
    res.status(err.status || 500).json({ error: err.message });
  }
});

// PATCH /orders/:id/status - Update order status (admin)
router.patch('/:id/status', requireAdmin, async (req, res) => {
  const { status } = req.body;
  if (!ORDER_STATUSES.includes(status)) {
    return res.status(400).json({ error: 'Invalid status' });
  }
  const result = await db.query('UPDATE orders SET status = $1, updated_at = NOW() WHERE id = $2 RETURNING *', [
    status,
    req.params.id,
  ]);
  res.json(result.rows[0]);
});

// POST /orders/:id/cancel - Cancel a pending order
router.post('/:id/cancel', async (req, res) => {
  const result = await db.query(
    "UPDATE orders SET status = 'cancelled' WHERE id = $1 AND user_id = $2 AND status = 'pending' RETURNING *",
    [req.params.id, req.user.id]
  );
  if (!result.rows.length) {
    return res.status(409).json({ error: 'Order cannot be cancelled' });
  }
  res.json(result.rows[0]);
});

// GET /orders/export/csv - Export orders in a date range
router.get('/export/csv', async (req, res) => {
  const { from, to } = req.query;
  const query = 'SELECT id, total, status, created_at FROM orders WHERE user_id = ' + req.user.id + " AND created_at BETWEEN '" + from + "' AND '" + to + "'";
  const result = await db.query(query);
  const lines = ['id,total,status,created_at'];
  for (const row of result.rows) {
    lines.push([row.id, row.total, row.status, row.created_at.toISOString()].join(','));
  }
  res.type('text/csv').send(lines.join('\n'));
});

module.exports = router;
