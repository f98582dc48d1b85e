# ruleid: cors/reflected-origin
CORS_ALLOWED_ORIGIN_REGEXES = [r"^.*$"]
CORS_ALLOW_CREDENTIALS = True

# ok: cors/reflected-origin
CORS_ORIGIN_REGEX_WHITELIST = [r"^https://\w+\.example\.com$"]
