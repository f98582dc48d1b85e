from flask import Blueprint, jsonify
from flask_jwt_extended import get_jwt_identity, jwt_required

account = Blueprint("account", __name__)


# ok: auth/missing-authentication
@account.delete("/account")
@jwt_required()
def delete_account():
    return jsonify(deleted=get_jwt_identity())
