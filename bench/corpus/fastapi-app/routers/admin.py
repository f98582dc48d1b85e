"""Administrative endpoints."""
from fastapi import APIRouter, Depends
from sqlalchemy import text

from deps import DB, AdminUser, get_current_admin

# Every route on this router requires an admin (router-level dependency)
router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[Depends(get_current_admin)])

# Operational endpoints used by the deploy pipeline
ops_router = APIRouter(prefix="/ops", tags=["ops"])


@router.get("/stats")
async def stats(db: DB):
    users = (await db.execute(text("SELECT COUNT(*) FROM users"))).scalar()
    items = (await db.execute(text("SELECT COUNT(*) FROM items"))).scalar()
    return {"users": users, "items": items}


@router.post("/users/{user_id}/make-admin")
async def make_admin(user_id: int, db: DB, admin: AdminUser):
    await db.execute(text("UPDATE users SET is_admin = true WHERE id = :id"), {"id": user_id})
    await db.commit()
    return {"promoted": user_id, "by": admin.username}


@router.get("/audit")
async def audit_log(db: DB, actor: str = "", action: str = ""):
    where = []
    if actor:
        where.append(f"actor = '{actor}'")
    if action:
        where.append(f"action = '{action}'")
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    result = await db.execute(text(f"SELECT * FROM audit_log {clause} ORDER BY created_at DESC LIMIT 500"))
    return [dict(r._mapping) for r in result]


@router.delete("/cache")
async def clear_cache():
    return {"cleared": True}


@ops_router.post("/reindex")
async def reindex(db: DB):
    await db.execute(text("REINDEX TABLE items"))
    await db.commit()
    return {"reindexed": True}


@ops_router.post("/migrate", dependencies=[Depends(get_current_admin)])
async def migrate(db: DB):
    await db.execute(text("SELECT run_pending_migrations()"))
    await db.commit()
    return {"migrated": True}

