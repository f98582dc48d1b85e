import mysql.connector
import pymysql


def mysql_connector_lookup(email):
    cnx = mysql.connector.connect(user="app", database="shop")
    cursor = cnx.cursor()
    # ruleid: sql/string-built-query
    cursor.execute("SELECT * FROM customers WHERE email = '{}'".format(email))
    return cursor.fetchall()


def pymysql_lookup(email, status):
    db = pymysql.connect(host="localhost", user="app", database="shop")
    with db.cursor() as cursor:
        # ruleid: sql/string-built-query
        cursor.execute(f"SELECT * FROM orders WHERE email = '{email}' AND status = %s AND note LIKE '50%%'", (status,))
        return cursor.fetchall()


def pymysql_safe(email):
    db = pymysql.connect(host="localhost", user="app", database="shop")
    with db.cursor() as cursor:
        # ok: sql/string-built-query
        cursor.execute("SELECT * FROM orders WHERE email = %s", (email,))
        return cursor.fetchall()
