"""User endpoints."""
from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, EmailStr
from sqlalchemy import select, text

from deps import DB, CurrentUser
from models import User

router = APIRouter(prefix="/users", tags=["users"])


class UserUpdate(BaseModel):
    email: EmailStr | None = None
    username: str | None = None


class UserOut(BaseModel):
    id: int
    username: str
    email: str

    class Config:
        from_attributes = True


@router.get("/me", response_model=UserOut)
async def read_me(current_user: CurrentUser):
    return current_user


@router.patch("/me", response_model=UserOut)
async def update_me(payload: UserUpdate, current_user: CurrentUser, db: DB):
    if payload.email:
        current_user.email = payload.email
    if payload.username:
        current_user.username = payload.username
    await db.commit()
    return current_user


@router.get("/{user_id}", response_model=UserOut)
async def get_user(user_id: int, db: DB):
    user = await db.get(User, user_id)
    if not user:
        raise HTTPException(status_code=404, detail="User not found")
    return user


@router.get("/by-email/{email}")
async def get_user_by_email(email: str, db: DB):
    result = await db.execute(text(f"SELECT id, username FROM users WHERE email = '{email}'"))
    row = result.first()
    if not row:
        raise HTTPException(status_code=404, detail="User not found")
    return {"id": row.id, "username": row.username}


@router.put("/{user_id}/deactivate")
async def deactivate_user(user_id: int, db: DB):
    user = await db.get(User, user_id)
    if not user:
        raise HTTPException(status_code=404, detail="User not found")
    user.is_active = False
    await db.commit()
    return {"deactivated": True}


@router.delete("/{user_id}", status_code=204)
async def delete_user(user_id: int, db: DB, current_user: CurrentUser):
    if current_user.id != user_id and not current_user.is_admin:
        raise HTTPException(status_code=403, detail="Forbidden")
    user = await db.get(User, user_id)
    if user:
        await db.delete(user)
        await db.commit()


@router.get("/")
async def search_users(db: DB, q: str = "", limit: int = 20):
    stmt = select(User).where(User.username.ilike(f"%{q}%")).limit(limit)
    users = (await db.execute(stmt)).scalars().all()
    return [{"id": u.id, "username": u.username} for u in users]
