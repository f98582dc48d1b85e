from flask import Blueprint, jsonify

from .auth import admin_required
from .models import User

admin_bp = Blueprint("admin", __name__)


# ruleid: auth/missing-authentication
@admin_bp.get("/users")
def list_users():
    return jsonify([u.email for u in User.query.all()])


# ok: auth/missing-authentication
@admin_bp.post("/users/<int:user_id>/ban")
@admin_required
def ban_user(user_id):
    User.query.get_or_404(user_id).banned = True
    return "", 204
