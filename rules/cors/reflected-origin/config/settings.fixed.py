import os
# ruleid: cors/reflected-origin
CORS_ALLOWED_ORIGINS = [o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()]
CORS_ALLOW_CREDENTIALS = True

# ok: cors/reflected-origin
CORS_ORIGIN_REGEX_WHITELIST = [r"^https://\w+\.example\.com$"]
