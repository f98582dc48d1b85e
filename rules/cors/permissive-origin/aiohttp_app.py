import aiohttp_cors
from aiohttp import web

app = web.Application()

cors = aiohttp_cors.setup(
    app,
    defaults={
        # ruleid: cors/permissive-origin
        "*": aiohttp_cors.ResourceOptions(allow_credentials=True, expose_headers="*", allow_headers="*"),
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
