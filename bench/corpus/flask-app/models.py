"""Database models and raw query helpers."""
import sqlite3
from datetime import datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import text
from werkzeug.security import check_password_hash, generate_password_hash

db = SQLAlchemy()

DATABASE_PATH = "recipes.db"


class User(db.Model):
    __tablename__ = "users"

    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    email = db.Column(db.String(120), unique=True, nullable=False)
    password_hash = db.Column(db.String(256), nullable=False)
    is_admin = db.Column(db.Boolean, default=False)
    created_at = db.Column(db.DateTime, default=datetime.utcnow)
    recipes = db.relationship("Recipe", backref="author", lazy=True, cascade="all, delete-orphan")

    def set_password(self, password):
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    def to_dict(self):
        return {
            "id": self.id,
            "username": self.username,
            "email": self.email,
            "is_admin": self.is_admin,
            "created_at": self.created_at.isoformat(),
        }


class Recipe(db.Model):
    __tablename__ = "recipes"

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text)
    ingredients = db.Column(db.Text, nullable=False)
    instructions = db.Column(db.Text, nullable=False)
    cuisine = db.Column(db.String(50))
    prep_minutes = db.Column(db.Integer)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    created_at = db.Column(db.DateTime, default=datetime.utcnow)

    def to_dict(self):
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "ingredients": self.ingredients.split("\n"),
            "instructions": self.instructions,
            "cuisine": self.cuisine,
            "prep_minutes": self.prep_minutes,
            "author": self.author.username,
        }


class Rating(db.Model):
    __tablename__ = "ratings"

    id = db.Column(db.Integer, primary_key=True)
    recipe_id = db.Column(db.Integer, db.ForeignKey("recipes.id"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    stars = db.Column(db.Integer, nullable=False)


def get_db_connection():
    """Plain sqlite3 connection for the reporting helpers."""
    conn = sqlite3.connect(DATABASE_PATH)
    conn.row_factory = sqlite3.Row
    return conn


def search_recipes(term, cuisine=None):
    """Search recipes by title, optionally filtered by cuisine."""
    conn = get_db_connection()
    query = f"SELECT * FROM recipes WHERE title LIKE '%{term}%'"
    if cuisine:
        query += f" AND cuisine = '{cuisine}'"
    rows = conn.execute(query).fetchall()
    conn.close()
    return [dict(r) for r in rows]


def get_user_by_username(username):
    """Fetch a user row by username (parameterized)."""
    conn = get_db_connection()
    row = conn.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
    conn.close()
    return row


def recipes_by_author(author_id, order_by="created_at"):
    """Recipes of one author with a caller-chosen sort column."""
    conn = get_db_connection()
    cur = conn.cursor()
    cur.execute("SELECT * FROM recipes WHERE user_id = %s ORDER BY %s DESC" % (author_id, order_by))
    rows = cur.fetchall()
    conn.close()
    return rows


def top_rated(limit=10):
    """Top rated recipes; limit is forced to an int."""
    limit = int(limit)
    sql = "SELECT r.id, r.title, AVG(x.stars) AS avg_stars FROM recipes r JOIN ratings x ON x.recipe_id = r.id GROUP BY r.id ORDER BY avg_stars DESC LIMIT ?"
    conn = get_db_connection()
    rows = conn.execute(sql, (limit,)).fetchall()
    conn.close()
    return rows


def delete_user_recipes(username):
    """Remove all recipes of a user (admin tooling)."""
    result = db.session.execute(text("DELETE FROM recipes WHERE user_id = (SELECT id FROM users WHERE username = '{}')".format(username)))
    db.session.commit()
    return result.rowcount


def count_by_cuisine(cuisine):
    """Count recipes of a cuisine using a bound parameter."""
    result = db.session.execute(text("SELECT COUNT(*) FROM recipes WHERE cuisine = :cuisine"), {"cuisine": cuisine})
    return result.scalar()


def ingredient_report(ingredient):
    """Recipes containing an ingredient."""
    conn = get_db_connection()
    sql = "SELECT id, title FROM recipes WHERE ingredients LIKE '%" + ingredient + "%'"
    rows = conn.execute(sql).fetchall()
    conn.close()
    return rows
