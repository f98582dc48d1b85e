<?php

return [
    'paths' => ['api/*'],
    // ruleid: cors/permissive-origin
    'allowed_origins' => ['*'],
    'supports_credentials' => false,
];
