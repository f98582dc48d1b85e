// Hardcoded credentials in a Node.js service. All values are fake.
const session = require('express-session');
const cookieParser = require('cookie-parser');
const jwt = require('jsonwebtoken');
const crypto = require('crypto');
const { Pool } = require('pg');
const nodemailer = require('nodemailer');
const { Sequelize } = require('sequelize');
const passport = require('passport');
const GoogleStrategy = require('passport-google-oauth20').Strategy;

// The express-session README's secret is a real key once deployed: credential APIs are
// reported whatever the literal looks like.
// ruleid: secret/hardcoded-credential
const sessionMiddleware = session({ secret: 'keyboard cat', resave: false, saveUninitialized: false });

// ruleid: secret/hardcoded-credential
const cookies = cookieParser('s3cr3t-cookie-signing');

// ruleid: secret/hardcoded-credential
const JWT_SECRET = 'your-secret-key';

function issue(user) {
  return jwt.sign({ sub: user.id }, JWT_SECRET, { expiresIn: '1h' });
}

function verify(token) {
  // ruleid: secret/hardcoded-credential
  return jwt.verify(token, process.env.JWT_SECRET || 'dev-secret');
}

function sign(body) {
  // ruleid: secret/hardcoded-credential
  return crypto.createHmac('sha256', 'webhook-signing-key').update(body).digest('hex');
}

const pool = new Pool({
  host: 'db.acme.internal',
  user: 'app',
  // ruleid: secret/hardcoded-credential
  password: 'Xk29fQ7mLw3pZ8',
});

const transporter = nodemailer.createTransport({
  host: 'smtp.acme.io',
  // ruleid: secret/hardcoded-credential
  auth: { user: 'alerts@acme.io', pass: 'mL3hJIpld3#863' },
});

// ruleid: secret/hardcoded-credential
const sequelize = new Sequelize('shop', 'shop', 'lyN4MuDUp3NMs', { host: 'db.acme.internal', dialect: 'mysql' });

passport.use(
  new GoogleStrategy(
    {
      clientID: '914870127733-k3v9q2.apps.googleusercontent.com',
      // ruleid: secret/hardcoded-credential
      clientSecret: 'QzT9wEldmPL04pXa7Kq2',
      callbackURL: '/auth/google/callback',
    },
    (accessToken, refreshToken, profile, done) => done(null, profile),
  ),
);

// ruleid: secret/hardcoded-credential
const apiKey = 'ClZ68iKKEuQqMu58fNXF0b0fBYcbQzRv';

// ok: secret/hardcoded-credential
const dbPassword = process.env.DB_PASSWORD;

// ok: secret/hardcoded-credential
const password = 'Password';

// ok: secret/hardcoded-credential
const passwordLabel = 'Enter your password';

// ok: secret/hardcoded-credential
const resetPasswordUrl = '/api/password-reset';

// ok: secret/hardcoded-credential
const apiToken = 'your-api-token-here';

// ok: secret/hardcoded-credential
const tokenHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// ok: secret/hardcoded-credential
const sessionToken = '550e8400-e29b-41d4-a716-446655440000';

// ok: secret/hardcoded-credential
const assetToken = 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC';

// ok: secret/hardcoded-credential
const messages = { password: 'auth.password.label', secret: 'changeme' };

// ok: secret/hardcoded-credential
const deployKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKq0bX1p8Ecu1m5kqTQ9bJ2w7Rr3yQ4v deploy@acme';

// ok: secret/hardcoded-credential
const authToken = 'abc123';

// ok: secret/hardcoded-credential
const errors = { password: 'Required', passwordConfirm: 'Passwords do not match' };

// ok: secret/hardcoded-credential
const de = { password: 'Passwort', apiKey: 'API-Schlüssel' };

// ok: secret/hardcoded-credential
const events = { REFRESH_TOKEN: 'auth:refreshTokenRequested' };

// ok: secret/hardcoded-credential
function login(username, password) {
  // ok: secret/hardcoded-credential
  if (password === process.env.ADMIN_PASSWORD) return username;
  return null;
}

module.exports = { sessionMiddleware, cookies, issue, verify, sign, pool, transporter, sequelize, apiKey, dbPassword, password, passwordLabel, resetPasswordUrl, apiToken, tokenHash, sessionToken, assetToken, messages, deployKey, authToken, errors, de, events, login };
