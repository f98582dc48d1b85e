<?php
// Values are fake.
// ruleid: secret/hardcoded-credential
define('DB_PASSWORD', getenv('DB_PASSWORD'));

// ruleid: secret/hardcoded-credential
$apiSecret = getenv('API_SECRET');

return [
    'mail' => [
        // ruleid: secret/hardcoded-credential
        'password' => getenv('SMTP_PASSWORD'),
        // ok: secret/hardcoded-credential
        'username' => 'alerts@acme.io',
    ],
    // ok: secret/hardcoded-credential
    'token' => getenv('API_TOKEN'),
];

class Client
{
    // ruleid: secret/hardcoded-credential
    private $secretKey = 'kf7KAKwMs6px1EwEod44A1p7';
}

// ok: secret/hardcoded-credential
$password = "$prefix-password";
