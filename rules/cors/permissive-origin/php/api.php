<?php

// ruleid: cors/permissive-origin
header('Access-Control-Allow-Origin: *');
// ok: cors/permissive-origin
header('Access-Control-Allow-Headers: *');
// ok: cors/permissive-origin
header('Access-Control-Allow-Origin: https://app.example.com');

header('Content-Type: application/json');
echo json_encode(['ok' => true]);
