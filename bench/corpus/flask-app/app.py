"""Recipes API - Flask application."""
import os
import sqlite3

from flask import Flask, g, jsonify, request
from flask_cors import CORS
from flask_jwt_extended import JWTManager, get_jwt_identity, jwt_required
from flask_login import LoginManager, current_user, login_required

from auth import admin_required, auth_bp, token_required
from config import config
from models import (
    Rating,
    Recipe,
    User,
    count_by_cuisine,
    db,
    delete_user_recipes,
    get_db_connection,
    ingredient_report,
    recipes_by_author,
    search_recipes,
    top_rated,
)

app = Flask(__name__)
app.config.from_object(config[os.getenv("FLASK_ENV", "default")])

# Enable CORS for the React frontend
CORS(app, supports_credentials=True)

db.init_app(app)
jwt = JWTManager(app)
login_manager = LoginManager(app)

OPENAI_API_KEY = "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"

app.register_blueprint(auth_bp)


@login_manager.user_loader
def load_user(user_id):
    return User.query.get(int(user_id))


@app.after_request
def add_cors_headers(response):
    """Allow the embeddable recipe card to call the API from any blog."""
    origin = request.headers.get("Origin")
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response


@app.route("/health")
def health():
    return jsonify({"status": "healthy"})


@app.route("/api/recipes", methods=["GET"])
def list_recipes():
    page = request.args.get("page", 1, type=int)
    per_page = min(request.args.get("per_page", 20, type=int), 100)
    recipes = Recipe.query.order_by(Recipe.created_at.desc()).paginate(page=page, per_page=per_page)
    return jsonify({"items": [r.to_dict() for r in recipes.items], "total": recipes.total})


@app.route("/api/recipes/search")
def search():
    term = request.args.get("q", "")
    cuisine = request.args.get("cuisine")
    return jsonify(search_recipes(term, cuisine))


@app.route("/api/recipes/<int:recipe_id>", methods=["GET"])
def get_recipe(recipe_id):
    recipe = Recipe.query.get_or_404(recipe_id)
    return jsonify(recipe.to_dict())


@app.route("/api/recipes", methods=["POST"])
@jwt_required()
def create_recipe():
    data = request.get_json()
    recipe = Recipe(
        title=data["title"],
        description=data.get("description", ""),
        ingredients="\n".join(data["ingredients"]),
        instructions=data["instructions"],
        cuisine=data.get("cuisine"),
        prep_minutes=data.get("prep_minutes"),
        user_id=get_jwt_identity(),
    )
    db.session.add(recipe)
    db.session.commit()
    return jsonify(recipe.to_dict()), 201


@app.route("/api/recipes/<int:recipe_id>", methods=["PUT"])
@login_required
def update_recipe(recipe_id):
    recipe = Recipe.query.get_or_404(recipe_id)
    if recipe.user_id != current_user.id:
        return jsonify({"error": "Not your recipe"}), 403
    data = request.get_json()
    for field in ("title", "description", "instructions", "cuisine", "prep_minutes"):
        if field in data:
            setattr(recipe, field, data[field])
    db.session.commit()
    return jsonify(recipe.to_dict())


@app.route("/api/recipes/<int:recipe_id>", methods=["DELETE"])
def delete_recipe(recipe_id):
    recipe = Recipe.query.get_or_404(recipe_id)
    db.session.delete(recipe)
    db.session.commit()
    return "", 204


@app.route("/api/recipes/<int:recipe_id>/rate", methods=["POST"])
@token_required
def rate_recipe(recipe_id):
    stars = int(request.json.get("stars", 0))
    if stars < 1 or stars > 5:
        return jsonify({"error": "stars must be 1-5"}), 400
    db.session.add(Rating(recipe_id=recipe_id, user_id=g.current_user.id, stars=stars))
    db.session.commit()
    return jsonify({"ok": True})


@app.route("/api/recipes/<int:recipe_id>/comments", methods=["POST"])
def add_comment(recipe_id):
    data = request.get_json()
    conn = get_db_connection()
    conn.execute(
        "INSERT INTO comments (recipe_id, user_id, body) VALUES (?, ?, ?)",
        (recipe_id, data.get("user_id"), data.get("body")),
    )
    conn.commit()
    conn.close()
    return jsonify({"ok": True}), 201


@app.route("/api/recipes/top")
def top():
    return jsonify([dict(r) for r in top_rated(request.args.get("limit", 10))])


@app.route("/api/recipes/by-ingredient")
def by_ingredient():
    return jsonify([dict(r) for r in ingredient_report(request.args.get("ingredient", ""))])


@app.route("/api/users/<int:user_id>/recipes")
def user_recipes(user_id):
    order = request.args.get("order_by", "created_at")
    return jsonify([dict(r) for r in recipes_by_author(user_id, order)])


@app.route("/api/cuisines/<name>/count")
def cuisine_count(name):
    return jsonify({"count": count_by_cuisine(name)})


@app.route("/api/users/<int:user_id>", methods=["DELETE"])
@admin_required
def delete_user(user_id):
    user = User.query.get_or_404(user_id)
    delete_user_recipes(user.username)
    db.session.delete(user)
    db.session.commit()
    return "", 204


@app.route("/api/admin/users", methods=["GET"])
def admin_list_users():
    users = User.query.all()
    return jsonify([u.to_dict() for u in users])


@app.route("/api/admin/reindex", methods=["POST"])
@admin_required
def reindex():
    conn = get_db_connection()
    conn.execute("REINDEX recipes")
    conn.commit()
    conn.close()
    return jsonify({"reindexed": True})


@app.route("/api/users/lookup")
def lookup_user():
    email = request.args.get("email", "")
    conn = sqlite3.connect("recipes.db")
    cursor = conn.cursor()
    cursor.execute("SELECT id, username FROM users WHERE email = '" + email + "'")
    row = cursor.fetchone()
    conn.close()
    return jsonify({"id": row[0], "username": row[1]} if row else {})


@app.route("/api/users/me", methods=["PATCH"])
@jwt_required()
def update_me():
    data = request.get_json() or {}
    user = User.query.get_or_404(get_jwt_identity())
    if "email" in data:
        user.email = data["email"].strip().lower()
    db.session.commit()
    return jsonify(user.to_dict())


@app.errorhandler(404)
def not_found(error):
    return jsonify({"error": "Not found"}), 404


@app.errorhandler(500)
def internal_error(error):
    db.session.rollback()
    return jsonify({"error": "Internal server error"}), 500


if __name__ == "__main__":
    with app.app_context():
        db.create_all()
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 5000)), debug=True)
