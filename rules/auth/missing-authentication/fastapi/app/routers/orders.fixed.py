from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException
from sqlalchemy.orm import Session

from app.deps import CurrentUser, get_current_user, get_db
from app.limits import check_quota, rate_limiter
from app.models import Order, User

router = APIRouter(prefix="/orders")


def verify_partner(x_partner_key: Annotated[str, Header()]):
    if x_partner_key != "expected":
        raise HTTPException(status_code=403)


# ruleid: auth/missing-authentication
@router.post("/", dependencies=[Depends(get_current_user)])
async def create_order(order: dict, db: Session = Depends(get_db)):
    db.add(Order(**order))
    db.commit()
    return order


# ok: auth/missing-authentication
@router.put("/{order_id}")
async def update_order(order_id: int, user: Annotated[User, Depends(get_current_user)]):
    return {"id": order_id, "by": user.id}


# ok: auth/missing-authentication
@router.delete("/{order_id}")
async def cancel_order(order_id: int, user: CurrentUser):
    return {"cancelled": order_id}


# ok: auth/missing-authentication
@router.post("/import", dependencies=[Depends(verify_partner)])
async def import_orders(rows: list[dict]):
    return {"imported": len(rows)}


# ruleid: auth/missing-authentication
@router.patch("/{order_id}/notes", dependencies=[Depends(get_current_user), Depends(rate_limiter)])
async def add_note(order_id: int, note: str):
    return {"id": order_id, "note": note}


# ok: auth/missing-authentication
@router.patch("/{order_id}/priority", dependencies=[Depends(check_quota)])
async def set_priority(order_id: int, priority: int):
    return {"id": order_id, "priority": priority}
