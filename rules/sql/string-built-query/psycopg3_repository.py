from psycopg import sql as pgsql

from .db import get_connection

TABLE = "accounts"
BASE = "SELECT * FROM " + TABLE


def by_owner(owner):
    cur = get_connection().cursor()
    # ruleid: sql/string-built-query
    cur.execute(BASE + " WHERE owner = '" + owner + "'")
    return cur.fetchall()


def filtered(filters):
    query = "SELECT * FROM accounts WHERE 1 = 1"
    if "status" in filters:
        query += f" AND status = '{filters['status']}'"
    for key in filters.get("tags", []):
        query += " AND tag = '%s'" % key
    cur = get_connection().cursor()
    # ruleid: sql/string-built-query
    cur.execute(query)
    return cur.fetchall()


def multi_line(org):
    cur = get_connection().cursor()
    # ruleid: sql/string-built-query
    cur.execute(
        f"""
        SELECT *
          FROM accounts
         WHERE org = '{org}'
        """
    )
    return cur.fetchall()


def composed(column, owner):
    cur = get_connection().cursor()
    # ok: sql/string-built-query
    cur.execute(pgsql.SQL("SELECT {} FROM accounts WHERE owner = %s").format(pgsql.Identifier(column)), (owner,))
    return cur.fetchall()


def constant_only():
    cur = get_connection().cursor()
    # ok: sql/string-built-query
    cur.execute(BASE + " WHERE active")
    return cur.fetchall()


def not_sql(name):
    # ok: sql/string-built-query
    return "Updating {} settings now".format(name)


def orm(session, email):
    # ok: sql/string-built-query
    return session.query(Account).filter_by(email=email).first()


def escaped(conn, owner):
    cur = conn.cursor()
    # ok: sql/string-built-query
    cur.execute("SELECT * FROM accounts WHERE owner = " + conn.escape_string(owner))
    return cur.fetchall()
