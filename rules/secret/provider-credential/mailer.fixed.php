<?php
// Values are fake.
// ruleid: secret/provider-credential
$sendgrid = new \SendGrid(getenv('SENDGRID_API_KEY'));

// ok: secret/provider-credential
$mailgun = Mailgun::create(getenv('MAILGUN_API_KEY'));
