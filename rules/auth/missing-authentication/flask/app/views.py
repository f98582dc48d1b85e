import stripe
from flask import Blueprint, abort, jsonify, request
from flask_login import current_user, login_required

from .extensions import db
from .models import Comment, Post
from .tracing import traced

bp = Blueprint("main", __name__)


# ruleid: auth/missing-authentication
@bp.route("/posts", methods=["POST"])
def create_post():
    post = Post(**request.get_json())
    db.session.add(post)
    db.session.commit()
    return jsonify(id=post.id), 201


# ok: auth/missing-authentication
@bp.post("/posts/<int:post_id>/delete")
@login_required
def delete_post(post_id):
    db.session.delete(Post.query.get_or_404(post_id))
    db.session.commit()
    return "", 204


# ok: auth/missing-authentication
@bp.route("/posts")
def list_posts():
    return jsonify([p.id for p in Post.query.all()])


@login_required
# ruleid: auth/missing-authentication
@bp.route("/drafts", methods=["POST", "GET"])
def save_draft():
    return jsonify(saved=True)


# ok: auth/missing-authentication
@bp.route("/comments", methods=["POST"])
def add_comment():
    if not current_user.is_authenticated:
        abort(401)
    db.session.add(Comment(author_id=current_user.id, **request.get_json()))
    db.session.commit()
    return "", 201


# ok: auth/missing-authentication
@bp.put("/settings")
@traced
def update_settings():
    return jsonify(request.get_json())


# ok: auth/missing-authentication
@bp.route("/login", methods=["POST"])
def login():
    return jsonify(token="...")


# ok: auth/missing-authentication
@bp.post("/webhooks/stripe")
def stripe_webhook():
    event = stripe.Webhook.construct_event(request.data, request.headers["Stripe-Signature"], "whsec")
    return jsonify(received=event["id"])


# ruleid: auth/missing-authentication
@bp.post("/webhooks/shipping")
def shipping_webhook():
    db.session.add(Post(title=request.json["status"]))
    db.session.commit()
    return "", 204
