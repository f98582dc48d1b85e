from flask import Flask, jsonify, make_response
from flask import request
import os

app = Flask(__name__)


@app.after_request
def add_cors_headers(response):
    # ruleid: cors/permissive-origin
    request_origin = request.headers.get("Origin")
    if request_origin in [o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()]:
        response.headers["Access-Control-Allow-Origin"] = request_origin
        response.headers["Vary"] = "Origin"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    return response


def preflight():
    resp = make_response("", 204)
    # ruleid: cors/permissive-origin
    request_origin = request.headers.get("Origin")
    if request_origin in [o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()]:
        resp.headers.add("Access-Control-Allow-Origin", request_origin)
        resp.headers.add("Vary", "Origin")
    return resp


def status():
    # ruleid: cors/permissive-origin
    return jsonify(ok=True), 200, {"Access-Control-Allow-Origin": request.headers.get("Origin") if request.headers.get("Origin") in [o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()] else "", "Vary": "Origin"}


def widget():
    resp = make_response("ok")
    # ok: cors/permissive-origin
    resp.headers["Access-Control-Allow-Origin"] = "https://app.example.com"
    # ok: cors/permissive-origin
    resp.headers["Access-Control-Allow-Headers"] = "*"
    return resp


# ok: cors/permissive-origin
HEADER_NAME = "Access-Control-Allow-Origin"
