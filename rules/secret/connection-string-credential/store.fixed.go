// Passwords are fake.
package store

import "os"

import "database/sql"

func Open() (*sql.DB, error) {
	// ruleid: secret/connection-string-credential
	return sql.Open("postgres", os.Getenv("DATABASE_URL"))
}

func OpenLocal() (*sql.DB, error) {
	// ok: secret/connection-string-credential
	return sql.Open("postgres", "postgres://postgres:postgres@localhost:5432/app?sslmode=disable")
}
