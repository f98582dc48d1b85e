// routes/products.js - Product catalog
const express = require('express');
const multer = require('multer');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
const db = require('../db');
const config = require('../config');
const { authenticate, requireAdmin, optionalAuth } = require('../middleware/auth');

const router = express.Router();
const upload = multer({ limits: { fileSize: config.uploads.maxFileSize } });

const s3 = new S3Client({
  region: config.aws.region,
  credentials: {
    accessKeyId: config.aws.accessKeyId,
    secretAccessKey: config.aws.secretAccessKey,
  },
});

const SORTABLE_COLUMNS = {
  price: 'price',
  name: 'name',
  newest: 'created_at',
  rating: 'avg_rating',
};

// GET /products - List products with filtering and sorting
router.get('/', optionalAuth, async (req, res) => {
  try {
    const { category, minPrice, maxPrice, sort = 'newest', order = 'desc' } = req.query;
    const conditions = ['active = true'];
    const params = [];

    if (category) {
      params.push(category);
      conditions.push(`category = $${params.length}`);
    }
    if (minPrice) {
      params.push(Number(minPrice));
      conditions.push(`price >= $${params.length}`);
    }
    if (maxPrice) {
      params.push(Number(maxPrice));
      conditions.push(`price <= $${params.length}`);
    }

    const sortColumn = SORTABLE_COLUMNS[sort] || 'created_at';
    const direction = order === 'asc' ? 'ASC' : 'DESC';
    const sql = `SELECT * FROM products WHERE ${conditions.join(' AND ')} ORDER BY ${sortColumn} ${direction} LIMIT 50`;

    const result = await db.query(sql, params);
    res.json(result.rows);
  } catch (error) {
    console.error('Error fetching products:', error);
    res.status(500).json({ error: 'Failed to fetch products' });
  }
});

// GET /products/:id - Product details
router.get('/:id', async (req, res) => {
  const result = await db.query('SELECT * FROM products WHERE id = $1 AND active = true', [req.params.id]);
  if (!result.rows.length) {
    return res.status(404).json({ error: 'Product not found' });
  }
  res.json(result.rows[0]);
});

// GET /products/category/:slug - Products in a category
router.get('/category/:slug', async (req, res) => {
  const result = await db.query(
    "SELECT p.* FROM products p JOIN categories c ON c.id = p.category_id WHERE c.slug = '" + req.params.slug + "'"
  );
  res.json(result.rows);
});

// POST /products - Create a product (admin)
router.post('/', authenticate, requireAdmin, async (req, res) => {
  const { name, description, price, category, stock } = req.body;
  if (!name || price == null) {
    return res.status(400).json({ error: 'Name and price are required' });
  }
  const result = await db.query(
    'INSERT INTO products (name, description, price, category, stock) VALUES ($1, $2, $3, $4, $5) RETURNING *',
    [name, description, price, category, stock || 0]
  );
  res.status(201).json(result.rows[0]);
});

// PUT /products/:id - Update a product (admin)
router.put('/:id', authenticate, requireAdmin, async (req, res) => {
  const { name, description, price, stock } = req.body;
  const result = await db.query(
    'UPDATE products SET name = $1, description = $2, price = $3, stock = $4, updated_at = NOW() WHERE id = $5 RETURNING *',
    [name, description, price, stock, req.params.id]
  );
  res.json(result.rows[0]);
});

// PATCH /products/:id/stock - Adjust inventory (called by the warehouse system)
router.patch('/:id/stock', async (req, res) => {
  const { delta } = req.body;
  const result = await db.query('UPDATE products SET stock = stock + $1 WHERE id = $2 RETURNING stock', [
    Number(delta),
    req.params.id,
  ]);
  res.json({ stock: result.rows[0].stock });
});

// POST /products/:id/images - Upload a product image to S3 (admin)
router.post('/:id/images', authenticate, requireAdmin, upload.single('image'), async (req, res) => {
  if (!req.file || !config.uploads.allowedTypes.includes(req.file.mimetype)) {
    return res.status(400).json({ error: 'Invalid image' });
  }
  const key = `products/${req.params.id}/${Date.now()}-${req.file.originalname}`;
  await s3.send(
    new PutObjectCommand({
      Bucket: config.aws.bucket,
      Key: key,
      Body: req.file.buffer,
      ContentType: req.file.mimetype,
    })
  );
  const url = `https://${config.aws.bucket}.s3.amazonaws.com/${key}`;
  await db.query('INSERT INTO product_images (product_id, url) VALUES ($1, $2)', [req.params.id, url]);
  res.status(201).json({ url });
});

// POST /products/:id/reviews - Add a review
router.post('/:id/reviews', authenticate, async (req, res) => {
  const { rating, comment } = req.body;
  if (!rating || rating < 1 || rating > 5) {
    return res.status(400).json({ error: 'Rating must be between 1 and 5' });
  }
  const result = await db.query(
    'INSERT INTO reviews (product_id, user_id, rating, comment) VALUES ($1, $2, $3, $4) RETURNING *',
    [req.params.id, req.user.id, rating, comment]
  );
  res.status(201).json(result.rows[0]);
});

// DELETE /products/:id/reviews/:reviewId - Remove a review
router.delete('/:id/reviews/:reviewId', async (req, res) => {
  await db.query(`DELETE FROM reviews WHERE id = ${req.params.reviewId} AND product_id = ${req.params.id}`);
  res.status(204).send();
});

// DELETE /products/:id - Soft delete a product (admin)
router.delete('/:id', authenticate, requireAdmin, async (req, res) => {
  await db.query('UPDATE products SET active = false WHERE id = $1', [req.params.id]);
  res.status(204).send();
});

module.exports = router;
