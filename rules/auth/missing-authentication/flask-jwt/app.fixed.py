"""A single-module Flask app."""
from flask import Flask, jsonify, request

from account import account
from store import inventory
from flask_jwt_extended import jwt_required

app = Flask(__name__)
app.register_blueprint(account)


# ruleid: auth/missing-authentication
@app.route("/inventory/<sku>", methods=["PUT", "DELETE"])
@jwt_required()
def change_item(sku):
    if request.method == "DELETE":
        inventory.pop(sku, None)
    else:
        inventory[sku] = request.get_json()
    return jsonify(ok=True)


# ruleid: auth/missing-authentication
@app.route("/debug/config")
@jwt_required()
def show_config():
    return jsonify(dict(app.config))


# ok: auth/missing-authentication
@app.get("/inventory")
def list_items():
    return jsonify(inventory)


# ok: auth/missing-authentication
@app.post("/health")
def health():
    return "ok"
