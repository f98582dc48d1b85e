<?php

return [
    'paths' => ['api/*'],
    // ok: cors/permissive-origin
    'allowed_origins' => explode(',', env('CORS_ALLOWED_ORIGINS', '')),
    'supports_credentials' => true,
];
