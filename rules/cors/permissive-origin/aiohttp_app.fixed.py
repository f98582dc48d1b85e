import aiohttp_cors
from aiohttp import web
import os

app = web.Application()

cors = aiohttp_cors.setup(
    app,
    defaults={
        # ruleid: cors/permissive-origin
        origin: aiohttp_cors.ResourceOptions(allow_credentials=True, expose_headers="*", allow_headers="*") for origin in [o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()]
    },
)

partner_cors = aiohttp_cors.setup(
    app,
    defaults={
        # ok: cors/permissive-origin
        "https://partner.example.com": aiohttp_cors.ResourceOptions(allow_headers="*"),
    },
)

# ok: cors/permissive-origin
ROUTE_PATTERNS = {"*": "catch-all"}
