from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()

app.add_middleware(
    CORSMiddleware,
    # ruleid: cors/reflected-origin
    allow_origin_regex=".*",
    allow_credentials=True,
    allow_methods=["*"],
)

partners = FastAPI()
# ruleid: cors/reflected-origin
partners.add_middleware(CORSMiddleware, allow_origin_regex=r"^https?://.*$")

tenants = FastAPI()
# ok: cors/reflected-origin
tenants.add_middleware(CORSMiddleware, allow_origin_regex=r"^https://[a-z0-9-]+\.example\.com$")


@app.middleware("http")
async def add_cors_header(request: Request, call_next):
    response = await call_next(request)
    # ruleid: cors/reflected-origin
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("origin") or "*"
    return response


@partners.middleware("http")
async def add_checked_cors_header(request: Request, call_next):
    response = await call_next(request)
    origin = request.headers.get("origin")
    if origin and origin.endswith(".example.com"):
        # ok: cors/reflected-origin
        response.headers["Access-Control-Allow-Origin"] = origin
    return response
