package users

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

func FindByName(db *sql.DB, name string) (*sql.Rows, error) {
	// ruleid: sql/string-built-query
	return db.Query(fmt.Sprintf("SELECT * FROM users WHERE name = '%s'", name))
}

func DeleteSession(ctx context.Context, db *sql.DB, token string) error {
	// ruleid: sql/string-built-query
	_, err := db.ExecContext(ctx, "DELETE FROM sessions WHERE token = '"+token+"'")
	return err
}

func Search(db *sql.DB, status string, owner string) (*sql.Rows, error) {
	query := "SELECT * FROM orders WHERE owner = $1"
	query += fmt.Sprintf(" AND status = '%s'", status)
	// ruleid: sql/string-built-query
	return db.Query(query, owner)
}

func Safe(db *sql.DB, name string) (*sql.Rows, error) {
	// ok: sql/string-built-query
	return db.Query("SELECT * FROM users WHERE name = $1", name)
}

func Page(db *sql.DB, limit int) (*sql.Rows, error) {
	// ok: sql/string-built-query
	return db.Query(fmt.Sprintf("SELECT * FROM users ORDER BY id LIMIT %d", limit))
}

func ByID(db *sql.DB, id int) (*sql.Rows, error) {
	// ok: sql/string-built-query
	return db.Query("SELECT * FROM users WHERE id = " + strconv.Itoa(id))
}

func Message(n int) string {
	// ok: sql/string-built-query
	return fmt.Sprintf("Selected %d rows from the list", n)
}
