import sqlite3

from flask import Flask, jsonify, request
from flask_cors import CORS

app = Flask(__name__)
app.secret_key = "9f3b2c1d8e7a6f5b4c3d2e1f0a9b8c7d"
CORS(app)


def get_db():
    return sqlite3.connect("app.db")


@app.route("/api/notes", methods=["POST"])
def create_note():
    body = request.json["body"]
    db = get_db()
    db.execute(f"INSERT INTO notes (body) VALUES ('{body}')")
    db.commit()
    return jsonify({"ok": True}), 201
