<?php

return [
    'paths' => ['api/*', 'sanctum/csrf-cookie'],

    'allowed_methods' => ['*'],

    // ruleid: cors/permissive-origin
    'allowed_origins' => ['*'],

    'allowed_origins_patterns' => [],

    // ok: cors/permissive-origin
    'allowed_headers' => ['*'],

    'exposed_headers' => [],

    'max_age' => 0,

    'supports_credentials' => true,
];
