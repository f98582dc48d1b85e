// Documentation hosts usually carry documentation passwords; a random-looking one is a leak.
module.exports = {
  // ruleid: secret/connection-string-credential
  primary: 'postgres://app:Zp8qR3vN6wLx2TkM@prod-db.shop.example.com:5432/app',
  // ok: secret/connection-string-credential
  docs: 'postgres://user:secret@db.example.com:5432/app',
};
