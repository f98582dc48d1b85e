import os

# ruleid: cors/permissive-origin
CORS_ORIGIN_ALLOW_ALL = True

CORS_ORIGIN_WHITELIST = [
    "https://app.example.com",
]

# ok: cors/permissive-origin
CORS_ALLOW_CREDENTIALS = os.environ.get("CORS_ALLOW_CREDENTIALS") == "1"
