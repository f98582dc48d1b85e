import os

import psycopg2
from flask import Flask, request, jsonify

app = Flask(__name__)
conn = psycopg2.connect(os.environ["DATABASE_URL"])
USERS = "users"


@app.route("/users/<user_id>")
def get_user(user_id):
    cur = conn.cursor()
    # ruleid: sql/string-built-query
    cur.execute(f"SELECT * FROM users WHERE id = '{user_id}'")
    return jsonify(cur.fetchone())


@app.route("/search")
def search():
    name = request.args.get("name")
    with conn.cursor() as cur:
        # ruleid: sql/string-built-query
        cur.execute("SELECT * FROM users WHERE name LIKE '%%%s%%' AND active" % name)
        return jsonify(cur.fetchall())


@app.route("/orders")
def orders():
    status = request.args["status"]
    query = "SELECT * FROM orders WHERE org_id = %s"
    query += " AND status = '{}'".format(status)
    cur = conn.cursor()
    # ruleid: sql/string-built-query
    cur.execute(query, (request.args["org"],))
    return jsonify(cur.fetchall())


@app.route("/report")
def report():
    region = request.args["region"]
    cur = conn.cursor()
    # ruleid: sql/string-built-query
    cur.execute("SELECT region, sum(total) FROM sales WHERE region = '" + region + "' AND total > 100 GROUP BY region")
    return jsonify(cur.fetchall())


@app.route("/sorted")
def sorted_users():
    cur = conn.cursor()
    # ruleid: sql/string-built-query
    cur.execute(f"SELECT * FROM users ORDER BY {request.args['sort']}")
    return jsonify(cur.fetchall())


@app.route("/users/<user_id>/safe")
def get_user_safe(user_id):
    cur = conn.cursor()
    # ok: sql/string-built-query
    cur.execute("SELECT * FROM users WHERE id = %s", (user_id,))
    return jsonify(cur.fetchone())


@app.route("/count")
def count():
    cur = conn.cursor()
    # ok: sql/string-built-query
    cur.execute("SELECT count(*) FROM " + USERS + " WHERE active")
    return jsonify(cur.fetchone())


@app.route("/page")
def page():
    limit = int(request.args.get("limit", 20))
    cur = conn.cursor()
    # ok: sql/string-built-query
    cur.execute(f"SELECT * FROM users ORDER BY id LIMIT {limit} OFFSET {int(request.args['offset'])}")
    return jsonify(cur.fetchall())


def log_selection(n):
    # ok: sql/string-built-query
    print(f"Selected {n} items from the list")


# cur.execute(f"SELECT * FROM users WHERE id = {user_id}")  -- ok: a comment is not a query
