<?php

$allowed = explode(',', getenv('CORS_ORIGINS') ?: '');

// ruleid: cors/reflected-origin
header('Access-Control-Allow-Origin: ' . $_SERVER['HTTP_ORIGIN']);
header('Access-Control-Allow-Credentials: true');

$origin = $_SERVER['HTTP_ORIGIN'] ?? '';
// ruleid: cors/reflected-origin
header("Access-Control-Allow-Origin: $origin");

if (in_array($origin, $allowed, true)) {
    // ok: cors/reflected-origin
    header("Access-Control-Allow-Origin: $origin");
}
