// pages/api/contact.ts - Contact form on the public landing page (anonymous by design)
import type { NextApiRequest, NextApiResponse } from 'next';

const SLACK_WEBHOOK = process.env.SLACK_CONTACT_WEBHOOK;

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin || '*');
  res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  if (req.method === 'OPTIONS') {
    return res.status(204).end();
  }
  if (req.method !== 'POST') {
    return res.status(405).json({ error: 'Method not allowed' });
  }
  const { name, email, message } = req.body ?? {};
  if (!name || !email || !message) {
    return res.status(400).json({ error: 'All fields are required' });
  }
  if (SLACK_WEBHOOK) {
    await fetch(SLACK_WEBHOOK, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: `New contact from ${name} <${email}>: ${message}` }),
    });
  }
  return res.status(200).json({ ok: true });
}
