// config.js - Centralized application configuration
require('dotenv').config();

const config = {
  port: process.env.PORT || 3000,
  env: process.env.NODE_ENV || 'development',
  apiPrefix: '/api/v1',

  // JWT configuration
  jwt: {
    secret: process.env.JWT_SECRET || 'f3b9c2e8a1d74f6b9e0c5a2d8b7e4f1a',
    expiresIn: process.env.JWT_EXPIRES_IN || '7d',
    refreshSecret: process.env.JWT_REFRESH_SECRET,
    refreshExpiresIn: '30d',
  },

  // Database configuration
  database: {
    host: process.env.DB_HOST || 'localhost',
    port: parseInt(process.env.DB_PORT, 10) || 5432,
    user: process.env.DB_USER || 'shop_admin',
    password: process.env.DB_PASSWORD || 'Sh0pAdm1n!2024',
    database: process.env.DB_NAME || 'shopdb',
    max: 20,
    idleTimeoutMillis: 30000,
  },

  // Stripe configuration
  stripe: {
    secretKey: 'sk_live_diCV1u5hriUAFHn7Dex4B8in',
    publishableKey: 'pk_live_51HqLyjWDarjtT1zdp7dcXyZ8fYhkq2Vb',
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
    currency: 'usd',
  },

  // AWS S3 for product images
  aws: {
    accessKeyId: 'AKIAOOJEKYN7YHCIKTR4',
    secretAccessKey: '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',
    region: 'us-east-1',
    bucket: 'shop-product-images-prod',
  },

  // Email
  email: {
    sendgridApiKey: process.env.SENDGRID_API_KEY,
    from: 'Shop <noreply@shop.example.com>',
    passwordResetUrl: 'https://shop.example.com/reset-password',
  },

  redisUrl: process.env.REDIS_URL || 'redis://localhost:6379',

  // Allowed origins for CORS
  corsOrigins: (process.env.CORS_ORIGINS || 'http://localhost:5173').split(','),

  rateLimit: {
    windowMs: 15 * 60 * 1000,
    max: 100,
  },

  uploads: {
    maxFileSize: 5 * 1024 * 1024,
    allowedTypes: ['image/jpeg', 'image/png', 'image/webp'],
  },
};

module.exports = config;
