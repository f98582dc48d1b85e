import os

DEBUG = os.environ.get("DJANGO_DEBUG") == "1"

# ok: cors/permissive-origin
CORS_ALLOW_ALL_ORIGINS = DEBUG

# ok: cors/permissive-origin
CORS_ALLOWED_ORIGINS = os.environ.get("CORS_ALLOWED_ORIGINS", "").split(",")

if DEBUG:
    # ok: cors/permissive-origin
    CORS_ALLOW_ALL_ORIGINS = True
