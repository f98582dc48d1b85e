<?php
// Passwords are fake.
// ruleid: secret/connection-string-credential
$client = new Predis\Client('redis://cache.acme.internal:6379?password=hNbUMyM4PcA9');
// ok: secret/connection-string-credential
$local = new Predis\Client(getenv('REDIS_URL'));
