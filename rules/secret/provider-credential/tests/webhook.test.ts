// A test file: findings stay reported, one severity lower. Values are fake.
// ruleid: secret/provider-credential
const webhook = 'https://hooks.slack.com/services/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';

// ok: secret/provider-credential
const fake = 'https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX';

export { webhook, fake };
