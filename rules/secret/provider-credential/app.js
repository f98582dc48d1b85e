// Provider credentials pasted into a Node.js service. All values are fake.
const { Octokit } = require('@octokit/rest');
const Stripe = require('stripe');

// ruleid: secret/provider-credential
const octokit = new Octokit({ auth: 'ghp_Z0N8BxFrzX2NZLXlQMhf5QzW7s3G8VFitrHp' });

// ruleid: secret/provider-credential
const stripe = new Stripe('sk_live_mbuqWivNiWEKuC710MCcj413bY5kzBOX');

const config = {
  // ruleid: secret/provider-credential
  githubPat: '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',
  // ruleid: secret/provider-credential
  slackWebhook: "https://hooks.slack.com/services/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",
  // ruleid: secret/provider-credential
  sendgridKey: `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`,
};

// A token inside a larger string cannot simply be replaced by an environment variable.
// ruleid: secret/provider-credential
const authHeader = 'token ghp_UYdbsv3fbQD2WgYHQV5On4n1B8rdEkVYACJy';

// ruleid: secret/provider-credential
const supabaseAdmin = createClient(SUPABASE_URL, 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6InlzYWJob3l0cmFsbnV4ZXhhdHljIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImlhdCI6MTcxMjAwMDAwMCwiZXhwIjoyMDI3NTc2MDAwfQ.UXBDqxSPeqra67vDYXu9zA2i5kD3jFbkEbYp3I7g2pM');

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
