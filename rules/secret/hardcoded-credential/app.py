"""Hardcoded credentials in a Flask service. All values are fake."""
import hmac
import smtplib

import jwt
import psycopg2
import redis
import requests
from flask import Flask
from requests.auth import HTTPBasicAuth

app = Flask(__name__)
# Flask's secret key signs sessions: any literal is reported.
# ruleid: secret/hardcoded-credential
app.secret_key = "dev"
# ruleid: secret/hardcoded-credential
app.config["JWT_SECRET_KEY"] = os.environ.get("JWT_SECRET_KEY", "super-secret")

# ruleid: secret/hardcoded-credential
conn = psycopg2.connect(host="db.acme.internal", user="app", password="Xk29fQ7mLw3pZ8", dbname="app")

# ruleid: secret/hardcoded-credential
cache = redis.Redis(host="cache.acme.internal", password="b9739UxUEs58HBfD")

# Followed from its use as the jwt.encode key below.
# ruleid: secret/hardcoded-credential
JWT_KEY = "jwt-signing-secret"


def token_for(user_id):
    return jwt.encode({"sub": user_id}, JWT_KEY, algorithm="HS256")


def sign(body):
    # ruleid: secret/hardcoded-credential
    return hmac.new(b"webhook-key-2024", body, "sha256").hexdigest()


def notify(message):
    with smtplib.SMTP_SSL("smtp.acme.io") as smtp:
        # ruleid: secret/hardcoded-credential
        smtp.login("alerts@acme.io", "mL3hJIpld3#863")
        smtp.sendmail("alerts@acme.io", ["ops@acme.io"], message)


def fetch_report():
    # ruleid: secret/hardcoded-credential
    return requests.get("https://reports.acme.io/daily", auth=("reporter", "lyN4MuDUp3NMs"))


# ruleid: secret/hardcoded-credential
basic = HTTPBasicAuth("svc", "hNbUMyM4PcA9")


class Settings:
    # ruleid: secret/hardcoded-credential
    api_key = "ClZ68iKKEuQqMu58fNXF0b0fBYcbQzRv"
    # ruleid: secret/hardcoded-credential
    headers = {"Authorization": "Bearer 99oDCTEyAVxvdITsg5u6fKd6sbpMjQJ0bWL3DDCt"}


# ok: secret/hardcoded-credential
DB_PASSWORD = os.environ["DB_PASSWORD"]

# ok: secret/hardcoded-credential
api_token = os.getenv("API_TOKEN")

# ok: secret/hardcoded-credential
password = "changeme"

# ok: secret/hardcoded-credential
PASSWORD_FIELD = "password"

# ok: secret/hardcoded-credential
password_prompt = "Enter your password"

# ok: secret/hardcoded-credential
request_token = "550e8400-e29b-41d4-a716-446655440000"

# ok: secret/hardcoded-credential
labels = {"password": "auth.password.label"}

# ok: secret/hardcoded-credential
secret_sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

# ok: secret/hardcoded-credential
token = "abc123"

# ok: secret/hardcoded-credential
TOKEN_PATTERN = r"[A-Za-z0-9_-]{20,}"

# ok: secret/hardcoded-credential
password_changed_at = "2024-03-01T10:00:00Z"

# ok: secret/hardcoded-credential
local_db = psycopg2.connect(host="localhost", user="postgres", password="postgres")


# ok: secret/hardcoded-credential
def check(password, confirm):
    # ok: secret/hardcoded-credential
    return password == confirm
