<?php
// Values are fake.
// ruleid: secret/provider-credential
$sendgrid = new \SendGrid('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');

// ok: secret/provider-credential
$mailgun = Mailgun::create(getenv('MAILGUN_API_KEY'));
