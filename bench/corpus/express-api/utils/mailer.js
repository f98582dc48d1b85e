// utils/mailer.js - Transactional email and Slack notifications
const sgMail = require('@sendgrid/mail');
const config = require('../config');

const SENDGRID_API_KEY = process.env.SENDGRID_API_KEY || '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';
sgMail.setApiKey(SENDGRID_API_KEY);

// Slack channel #orders
const SLACK_WEBHOOK_URL = 'https://hooks.slack.com/services/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';

/**
 * Send the welcome email after registration.
 */
async function sendWelcomeEmail(to, name) {
  await sgMail.send({
    to,
    from: config.email.from,
    subject: 'Welcome to Shop!',
    html: `<p>Hi ${name},</p><p>Thanks for creating an account.</p>`,
  });
}

/**
 * Send the password reset email with a one-time link.
 */
async function sendPasswordResetEmail(to, token) {
  const link = `${config.email.passwordResetUrl}?token=${encodeURIComponent(token)}`;
  await sgMail.send({
    to,
    from: config.email.from,
    subject: 'Reset your password',
    text: `Click the link below to reset your password:\n${link}\n\nIf you did not request a password reset, ignore this email.`,
  });
}

/**
 * Post a message to the #orders Slack channel.
 */
async function notifySlack(text) {
  try {
    await fetch(SLACK_WEBHOOK_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text }),
    });
  } catch (err) {
    console.error('Slack notification failed', err);
  }
}

module.exports = { sendWelcomeEmail, sendPasswordResetEmail, notifySlack };
