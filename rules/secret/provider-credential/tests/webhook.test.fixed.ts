// A test file: findings stay reported, one severity lower. Values are fake.
// ruleid: secret/provider-credential
const webhook = process.env.SLACK_WEBHOOK_URL!;

// ok: secret/provider-credential
const fake = 'https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX';

export { webhook, fake };
