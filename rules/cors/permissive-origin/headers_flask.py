from flask import Flask, jsonify, make_response

app = Flask(__name__)


@app.after_request
def add_cors_headers(response):
    # ruleid: cors/permissive-origin
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    return response


def preflight():
    resp = make_response("", 204)
    # ruleid: cors/permissive-origin
    resp.headers.add("Access-Control-Allow-Origin", "*")
    return resp


def status():
    # ruleid: cors/permissive-origin
    return jsonify(ok=True), 200, {"Access-Control-Allow-Origin": "*"}


def widget():
    resp = make_response("ok")
    # ok: cors/permissive-origin
    resp.headers["Access-Control-Allow-Origin"] = "https://app.example.com"
    # ok: cors/permissive-origin
    resp.headers["Access-Control-Allow-Headers"] = "*"
    return resp


# ok: cors/permissive-origin
HEADER_NAME = "Access-Control-Allow-Origin"
