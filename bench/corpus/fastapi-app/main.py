"""Inventory Service - FastAPI entry point."""
from datetime import datetime, timedelta, timezone

from fastapi import Depends, FastAPI, HTTPException, Request, status
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import OAuth2PasswordRequestForm
from jose import jwt
from passlib.context import CryptContext
from sqlalchemy import select, text

from database import get_db
from deps import DB
from models import User
from routers import admin, items, payments, users
from settings import settings

app = FastAPI(title=settings.app_name, version="1.4.0")

# Allow all origins so the dashboard works from any environment
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)

pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")


def create_access_token(data: dict, expires_delta: timedelta | None = None) -> str:
    to_encode = data.copy()
    expire = datetime.now(timezone.utc) + (expires_delta or timedelta(minutes=settings.access_token_expire_minutes))
    to_encode.update({"exp": expire})
    return jwt.encode(to_encode, settings.secret_key, algorithm=settings.algorithm)


@app.get("/health")
async def health():
    return {"status": "ok", "time": datetime.now(timezone.utc).isoformat()}


@app.get("/health/db")
async def health_db(db: DB):
    await db.execute(text("SELECT 1"))
    return {"database": "ok"}


@app.post("/auth/token")
async def login(db: DB, form_data: OAuth2PasswordRequestForm = Depends()):
    user = (await db.execute(select(User).where(User.username == form_data.username))).scalar_one_or_none()
    if not user or not pwd_context.verify(form_data.password, user.hashed_password):
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect username or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return {"access_token": create_access_token({"sub": user.username}), "token_type": "bearer"}


@app.post("/auth/register", status_code=201)
async def register(payload: dict, db: DB):
    if len(payload.get("password", "")) < 10:
        raise HTTPException(status_code=400, detail="Password must be at least 10 characters")
    user = User(
        username=payload["username"],
        email=payload["email"],
        hashed_password=pwd_context.hash(payload["password"]),
    )
    db.add(user)
    await db.commit()
    return {"id": user.id, "username": user.username}


@app.middleware("http")
async def add_process_time_header(request: Request, call_next):
    start = datetime.now(timezone.utc)
    response = await call_next(request)
    response.headers["X-Process-Time"] = str((datetime.now(timezone.utc) - start).total_seconds())
    return response


app.include_router(users.router)
app.include_router(items.router)
app.include_router(payments.router)
app.include_router(admin.router)
app.include_router(admin.ops_router)
