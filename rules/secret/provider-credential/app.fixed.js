// Provider credentials pasted into a Node.js service. All values are fake.
const { Octokit } = require('@octokit/rest');
const Stripe = require('stripe');

// ruleid: secret/provider-credential
const octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });

// ruleid: secret/provider-credential
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);

const config = {
  // ruleid: secret/provider-credential
  githubPat: process.env.GITHUB_TOKEN,
  // ruleid: secret/provider-credential
  slackWebhook: process.env.SLACK_WEBHOOK_URL,
  // ruleid: secret/provider-credential
  sendgridKey: process.env.SENDGRID_API_KEY,
};

// A token inside a larger string cannot simply be replaced by an environment variable.
// ruleid: secret/provider-credential
const authHeader = 'token ghp_UYdbsv3fbQD2WgYHQV5On4n1B8rdEkVYACJy';

// ruleid: secret/provider-credential
const supabaseAdmin = createClient(SUPABASE_URL, process.env.SUPABASE_SERVICE_ROLE_KEY);

// ok: secret/provider-credential
const supabasePublic = createClient(SUPABASE_URL, 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6InpvbHZvd2R6cmtlem1nc3Fpa3ZuIiwicm9sZSI6ImFub24iLCJpYXQiOjE3MTIwMDAwMDAsImV4cCI6MjAyNzU3NjAwMH0.Y43tmL79WlIQG67qGd2vndDcHJDRJwA1fZnQ8sYk0bM');

// ok: secret/provider-credential
const publishable = 'pk_live_IyZ4EM1iyW8QFvZ7K0MExDEjCa8MkXso';

// ok: secret/provider-credential
const docsKey = 'AKIAIOSFODNN7EXAMPLE';

// ok: secret/provider-credential
const placeholder = 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';

// ok: secret/provider-credential
const fromEnv = process.env.GITHUB_TOKEN;

// ok: secret/provider-credential
const firebaseConfig = { apiKey: 'AIzakmPegslNhvnzXQeReMzL9FnKcouxtyvSAD-', authDomain: 'demo-app.firebaseapp.com' };

module.exports = { octokit, stripe, config, authHeader, supabaseAdmin, supabasePublic, publishable, docsKey, placeholder, fromEnv, firebaseConfig };
