import sqlite3

import pandas as pd

conn = sqlite3.connect("analytics.db")


def sales(region):
    # ruleid: sql/string-built-query
    return pd.read_sql("SELECT * FROM sales WHERE region = ?", conn, params=(region,))


def top(region, year):
    # ruleid: sql/string-built-query
    return pd.read_sql_query("SELECT * FROM sales WHERE year = ? AND region = ?", conn, params=(year, region))


def safe(region):
    # ok: sql/string-built-query
    return pd.read_sql("SELECT * FROM sales WHERE region = ?", conn, params=(region,))
