// Connection strings in a Node.js service. Passwords are fake.
const { Pool } = require('pg');
const mongoose = require('mongoose');
const Redis = require('ioredis');
const amqp = require('amqplib');
const nodemailer = require('nodemailer');

// ruleid: secret/connection-string-credential
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

// ruleid: secret/connection-string-credential
mongoose.connect(process.env.MONGODB_URI);

// ruleid: secret/connection-string-credential
const redisUrl = process.env.REDIS_URL;
const redis = new Redis(redisUrl);

// ruleid: secret/connection-string-credential
const mailer = nodemailer.createTransport(process.env.SMTP_URL);

async function broker(host) {
  // ruleid: secret/connection-string-credential
  return amqp.connect(`amqps://worker:QzT9wEldmPL04p@${host}/jobs`);
}

// A default password is still a leak when the host is real.
// ruleid: secret/connection-string-credential
const legacy = new Pool({ connectionString: process.env.DATABASE_URL });

// ok: secret/connection-string-credential
const fromEnv = new Pool({ connectionString: `postgres://app:${process.env.DB_PASSWORD}@db.acme.internal:5432/app` });

// Local development defaults are not secrets.
// ok: secret/connection-string-credential
const dev = new Pool({ connectionString: 'postgres://postgres:postgres@localhost:5432/dev' });

// ok: secret/connection-string-credential
const devMysql = 'mysql://root:root@127.0.0.1:3306/test';

// ok: secret/connection-string-credential
const documented = 'postgres://user:pass@host:5432/db';

// ok: secret/connection-string-credential
const angle = 'mongodb://app:<password>@cluster0.q8w2e.mongodb.net/shop';

// ok: secret/connection-string-credential
const masked = 'redis://default:****@cache.acme.internal:6379';

// ok: secret/connection-string-credential
const noPassword = 'redis://cache.acme.internal:6379/0';

module.exports = { pool, redis, mailer, broker, legacy, fromEnv, dev, devMysql, documented, angle, masked, noPassword };
