import os
import sqlite3

from flask import Flask, jsonify, request
from flask_cors import CORS
from flask_login import LoginManager, login_required

app = Flask(__name__)
app.secret_key = "9f3b2c1d8e7a6f5b4c3d2e1f0a9b8c7d"
CORS(app)
login_manager = LoginManager(app)

OPENAI_API_KEY = "sk-proj-Qw3rTy7uIo9pAs1dFg5hJk2lZx8cVb4nM6qW0eRt3yU7iO1pA5sD9fG2hJ4kL6zX"


def get_db():
    return sqlite3.connect(os.environ.get("DB_PATH", "app.db"))


@app.route("/api/notes/<int:note_id>")
@login_required
def get_note(note_id):
    cur = get_db().execute("SELECT id, body FROM notes WHERE id = ?", (note_id,))
    return jsonify(cur.fetchone())


@app.route("/api/notes", methods=["POST"])
def create_note():
    body = request.json["body"]
    db = get_db()
    db.execute(f"INSERT INTO notes (body) VALUES ('{body}')")
    db.commit()
    return jsonify({"ok": True}), 201


@app.route("/api/search")
@login_required
def search():
    q = request.args.get("q", "")
    cur = get_db().cursor()
    cur.execute("SELECT id, body FROM notes WHERE body LIKE '%%%s%%'" % q)
    return jsonify(cur.fetchall())


@app.route("/health")
def health():
    return {"ok": True}
