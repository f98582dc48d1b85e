// Generated config for the users API
module.exports = {
  port: process.env.PORT || 3000,
  stripeSecretKey: 'sk_live_51NxR7bKzT9qVwL2mYpA8cD4eF6gH0jK3lM5nP7qR9sT1uV3wX5yZ',
  jwtSecret: 'f8Kq2LzP9vXw4RtY7uBn3MaE6sDc1HgJ',
  database: {
    host: 'localhost',
    user: 'app',
    password: process.env.DB_PASSWORD,
  },
  labels: {
    password: 'Password',
  },
};
