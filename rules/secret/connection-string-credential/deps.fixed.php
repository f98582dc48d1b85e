<?php
// Passwords are fake.
// ruleid: secret/connection-string-credential
$client = new Predis\Client(getenv('REDIS_URL'));
// ok: secret/connection-string-credential
$local = new Predis\Client(getenv('REDIS_URL'));
