const sqlite3 = require('sqlite3').verbose();

const db = new sqlite3.Database('notes.db');

function listNotes(owner, cb) {
  // ruleid: sql/string-built-query
  db.all("SELECT * FROM notes WHERE owner = ?", [owner], cb);
}

function getNote(id, owner, cb) {
  // ruleid: sql/string-built-query
  db.get(`SELECT * FROM notes WHERE id = ? AND owner = ?`, id, owner, cb);
}

function addNote(owner, body) {
  // ruleid: sql/string-built-query
  db.run(`INSERT INTO notes (owner, body) VALUES (?, ?)`, [owner, body]);
}

function purge(owner) {
  // ruleid: sql/string-built-query
  db.exec(`DELETE FROM notes WHERE owner = '${owner}'`);
}

function safeList(owner, cb) {
  // ok: sql/string-built-query
  db.all('SELECT * FROM notes WHERE owner = ?', [owner], cb);
}

function cacheGet(cache, key) {
  // ok: sql/string-built-query
  return cache.get('select:' + key);
}

module.exports = { listNotes, getNote, addNote, purge, safeList, cacheGet };
