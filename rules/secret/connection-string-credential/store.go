// Passwords are fake.
package store

import "database/sql"

func Open() (*sql.DB, error) {
	// ruleid: secret/connection-string-credential
	return sql.Open("postgres", "postgres://app:Xk29fQ7mLw3pZ8@db.acme.internal:5432/app?sslmode=require")
}

func OpenLocal() (*sql.DB, error) {
	// ok: secret/connection-string-credential
	return sql.Open("postgres", "postgres://postgres:postgres@localhost:5432/app?sslmode=disable")
}
