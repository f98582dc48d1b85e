import os

from flask import Flask, jsonify
from flask_cors import CORS, cross_origin
from flask_login import login_required

app = Flask(__name__)
admin = Flask("admin")
partner = Flask("partner")
legacy = Flask("legacy")
docs = Flask("docs")

# ruleid: cors/permissive-origin
CORS(app, origins=[o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()])

# ruleid: cors/permissive-origin
CORS(admin, origins=[o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()], supports_credentials=True)

# ruleid: cors/permissive-origin
CORS(partner, origins=[o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()], supports_credentials=True)

CORS(
    legacy,
    # ruleid: cors/permissive-origin
    resources={r"/api/*": {"origins": [o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()]}},
)

# ruleid: cors/permissive-origin
CORS(docs, origins=[o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()], resources={r"/docs/*": {"max_age": 600}})


@app.route("/api/profile")
# ruleid: cors/permissive-origin
@cross_origin(origins=[o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()])
@login_required
def profile():
    return jsonify(name="demo")


@app.route("/api/orders")
# ruleid: cors/permissive-origin
@cross_origin(origins=[o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()], methods=["GET"])
@login_required
def orders():
    return jsonify([])


shop = Flask("shop")
# ok: cors/permissive-origin
CORS(shop, origins=["https://shop.example.com", "https://admin.example.com"])

store = Flask("store")
# ok: cors/permissive-origin
CORS(store, origins=os.environ["CORS_ORIGINS"].split(","))

api = Flask("api")
# ok: cors/permissive-origin
CORS(api, resources={r"/api/*": {"origins": ["https://app.example.com"]}})

configured = Flask("configured")
# ok: cors/permissive-origin
CORS(configured, origins=configured.config["CORS_ORIGINS"])

# ok: cors/permissive-origin
cors = CORS()


def create_app():
    factory_app = Flask("factory")
    # ok: cors/permissive-origin
    cors.init_app(factory_app, origins=["https://app.example.com"])
    return factory_app


@app.route("/api/me")
# ok: cors/permissive-origin
@cross_origin(origins=["https://app.example.com"], supports_credentials=True)
@login_required
def me():
    return jsonify(name="demo")
