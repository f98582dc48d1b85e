# Values drawn from a closed set of constants cannot carry the caller's text.
import sqlite3

SORT_FIELDS = {"name": "name", "price": "price", "created": "created_at"}


def list_items(db: sqlite3.Connection, sort: str, warehouse: str | None):
    column = SORT_FIELDS.get(sort, "name")
    where = "WHERE warehouse = ?" if warehouse else ""
    # ok: sql/string-built-query
    return db.execute(f"SELECT * FROM items {where} ORDER BY {column}", (warehouse,) if warehouse else ())


def by_column(db: sqlite3.Connection, sort: str):
    # ok: sql/string-built-query
    return db.execute(f"SELECT * FROM items ORDER BY {SORT_FIELDS[sort]}")


def indented(db: sqlite3.Connection, depth: int):
    # ok: sql/string-built-query
    return db.execute(" " * depth + "SELECT 1 FROM items")


def unchecked(db: sqlite3.Connection, sort: str):
    column = sort or "name"
    # ruleid: sql/string-built-query
    return db.execute(f"SELECT * FROM items ORDER BY {column}")
