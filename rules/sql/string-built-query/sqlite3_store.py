import sqlite3

DB_PATH = "store.db"
BY_TAG = "SELECT * FROM products WHERE tag = '%s'"


def find_product(sku):
    conn = sqlite3.connect(DB_PATH)
    # ruleid: sql/string-built-query
    row = conn.execute(f"SELECT * FROM products WHERE sku = '{sku}'").fetchone()
    return row


def products_in(category, max_price):
    conn = sqlite3.connect(DB_PATH)
    cur = conn.cursor()
    sql = "SELECT * FROM products WHERE category = '%s'" % category
    sql += " AND price <= ?"
    # ruleid: sql/string-built-query
    cur.execute(sql, (max_price,))
    return cur.fetchall()


def rename(product_id, name):
    conn = sqlite3.connect(DB_PATH)
    # ruleid: sql/string-built-query
    conn.execute("UPDATE products SET name = '" + name + "' WHERE id = ?", [product_id])
    conn.commit()


def purge(table):
    conn = sqlite3.connect(DB_PATH)
    # ruleid: sql/string-built-query
    conn.executescript(f"DELETE FROM products WHERE tag = '{table}';")


def bulk(rows, tag):
    conn = sqlite3.connect(DB_PATH)
    # ruleid: sql/string-built-query
    conn.executemany(f"INSERT INTO products (name, tag) VALUES (?, '{tag}')", rows)


def by_tag(tag):
    conn = sqlite3.connect(DB_PATH)
    # ruleid: sql/string-built-query
    return conn.execute(BY_TAG % tag).fetchall()


def safe(sku):
    conn = sqlite3.connect(DB_PATH)
    # ok: sql/string-built-query
    return conn.execute("SELECT * FROM products WHERE sku = ?", (sku,)).fetchone()


def by_id(product_id):
    conn = sqlite3.connect(DB_PATH)
    # ok: sql/string-built-query
    return conn.execute("SELECT * FROM products WHERE id = %d" % product_id).fetchone()


def message(name):
    # ok: sql/string-built-query
    return "Update %s from the catalog" % name
