import os

from flask import Flask, request
from flask_cors import CORS

app = Flask(__name__)
ALLOWED_ORIGINS = set(os.environ.get("CORS_ORIGINS", "").split(","))

api = Flask("api")
# ruleid: cors/reflected-origin
CORS(api, origins=r".*", supports_credentials=True)


@app.after_request
def add_cors_headers(response):
    # ruleid: cors/reflected-origin
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")
    response.headers["Access-Control-Allow-Credentials"] = "true"
    return response


def embed_headers(response):
    origin = request.headers.get("Origin")
    # ruleid: cors/reflected-origin
    response.headers["Access-Control-Allow-Origin"] = origin
    return response


def widget_headers(response):
    if "Origin" in request.headers:
        # ruleid: cors/reflected-origin
        response.headers.set("Access-Control-Allow-Origin", request.headers["Origin"])
    return response


def checked_headers(response):
    origin = request.headers.get("Origin")
    if origin in ALLOWED_ORIGINS:
        # ok: cors/reflected-origin
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    return response


def early_exit_headers(response):
    origin = request.headers.get("Origin")
    if origin not in ALLOWED_ORIGINS:
        return response
    # ok: cors/reflected-origin
    response.headers["Access-Control-Allow-Origin"] = origin
    return response


def helper_headers(response):
    origin = request.origin
    if is_allowed_origin(origin):
        # ok: cors/reflected-origin
        response.headers["Access-Control-Allow-Origin"] = origin
    return response


def is_allowed_origin(origin):
    return origin in ALLOWED_ORIGINS


partner = Flask("partner")
# ok: cors/reflected-origin
CORS(partner, origins=[r"https://.*\.example\.com"])
