const nodemailer = require('nodemailer');

const transport = nodemailer.createTransport({
  host: 'smtp.example.com',
  auth: { user: 'mailer', pass: 'Xy7pQ2rT9wLkMb4Zs' },
});

module.exports = { transport };
