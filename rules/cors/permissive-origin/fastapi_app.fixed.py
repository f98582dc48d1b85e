"""FastAPI application factory."""
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.applications import Starlette
from starlette.middleware import Middleware

from .config import settings
import os

app = FastAPI()

app.add_middleware(
    CORSMiddleware,
    # ruleid: cors/permissive-origin
    allow_origins=[o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)

origins = [o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()]

internal = FastAPI()
# ruleid: cors/permissive-origin
internal.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET"])

starlette_app = Starlette(
    middleware=[
        # ruleid: cors/permissive-origin
        Middleware(CORSMiddleware, allow_origins=[o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()]),
    ],
)

public = FastAPI()
# ok: cors/permissive-origin
public.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)

tenant = FastAPI()
# ok: cors/permissive-origin
tenant.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=True)

partner = FastAPI()
# ok: cors/permissive-origin
partner.add_middleware(CORSMiddleware, allow_origins=[], allow_origin_regex=r"https://.*\.example\.com")

metrics = FastAPI()
# ok: cors/permissive-origin
metrics.add_middleware(CORSMiddleware, allow_methods=["*"], allow_headers=["*"])
