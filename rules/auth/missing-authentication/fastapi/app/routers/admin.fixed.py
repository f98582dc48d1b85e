from fastapi import APIRouter, Depends

from app.deps import get_current_active_superuser
from app.deps import get_current_user

router = APIRouter(tags=["admin"])


# ruleid: auth/missing-authentication
@router.delete("/users/{user_id}", dependencies=[Depends(get_current_user)])
async def delete_user(user_id: int):
    return {"deleted": user_id}


# ok: auth/missing-authentication
@router.get("/stats", dependencies=[Depends(get_current_active_superuser)])
async def stats():
    return {"users": 0}
