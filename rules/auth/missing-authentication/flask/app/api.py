from flask import Blueprint, abort, jsonify, request

from .tokens import check_api_token

api = Blueprint("api", __name__, url_prefix="/api")


@api.before_request
def require_token():
    if not check_api_token(request.headers.get("Authorization")):
        abort(401)


# ok: auth/missing-authentication
@api.post("/events")
def ingest_event():
    return jsonify(request.get_json()), 201
