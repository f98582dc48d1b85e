<?php
// Values are fake.
// ruleid: secret/hardcoded-credential
define('DB_PASSWORD', 'Xk29fQ7mLw3pZ8');

// ruleid: secret/hardcoded-credential
$apiSecret = 'OBPfF8WK/EOG/4QTHw7/X+LU1u9OgWyMkOY9i1xugW4+';

return [
    'mail' => [
        // ruleid: secret/hardcoded-credential
        'password' => 'lyN4MuDUp3NMs',
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
