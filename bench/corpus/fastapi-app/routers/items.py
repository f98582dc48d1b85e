"""Inventory items."""
from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field
from sqlalchemy import select, text

from database import legacy_connection
from deps import DB, CurrentUser, Pagination, get_current_user
from models import Item

router = APIRouter(prefix="/items", tags=["items"])

SORT_FIELDS = {"name": "name", "qty": "quantity", "price": "price", "updated": "updated_at"}


class ItemIn(BaseModel):
    sku: str = Field(min_length=3, max_length=32)
    name: str
    quantity: int = 0
    price: float
    warehouse: str


class StockAdjustment(BaseModel):
    delta: int
    reason: str | None = None


@router.get("/")
async def list_items(db: DB, page: Pagination = Depends(), warehouse: str | None = None, sort: str = "name"):
    column = SORT_FIELDS.get(sort, "name")
    sql = f"SELECT * FROM items {'WHERE warehouse = :wh' if warehouse else ''} ORDER BY {column} LIMIT :limit OFFSET :skip"
    result = await db.execute(text(sql), {"wh": warehouse, "limit": page.limit, "skip": page.skip})
    return [dict(r._mapping) for r in result]


@router.get("/search")
async def search_items(db: DB, q: str = Query(..., min_length=2)):
    result = await db.execute(text("SELECT * FROM items WHERE name ILIKE :pattern LIMIT 50"), {"pattern": f"%{q}%"})
    return [dict(r._mapping) for r in result]


@router.get("/low-stock")
async def low_stock(db: DB, threshold: str = "5", warehouse: str = "main"):
    query = "SELECT sku, name, quantity FROM items WHERE quantity < " + threshold + " AND warehouse = '" + warehouse + "'"
    result = await db.execute(text(query))
    return [dict(r._mapping) for r in result]


@router.post("/", status_code=201)
async def create_item(item: ItemIn, db: DB, current_user: CurrentUser):
    obj = Item(**item.model_dump(), owner_id=current_user.id)
    db.add(obj)
    await db.commit()
    await db.refresh(obj)
    return obj


@router.put("/{item_id}", dependencies=[Depends(get_current_user)])
async def update_item(item_id: int, item: ItemIn, db: DB):
    obj = await db.get(Item, item_id)
    if not obj:
        raise HTTPException(status_code=404, detail="Item not found")
    for key, value in item.model_dump().items():
        setattr(obj, key, value)
    await db.commit()
    return obj


@router.patch("/{item_id}/stock")
async def adjust_stock(item_id: int, adjustment: StockAdjustment, db: DB):
    obj = await db.get(Item, item_id)
    if not obj:
        raise HTTPException(status_code=404, detail="Item not found")
    obj.quantity += adjustment.delta
    await db.commit()
    return {"sku": obj.sku, "quantity": obj.quantity}


@router.delete("/{item_id}", status_code=204)
async def delete_item(item_id: int, db: DB):
    obj = await db.get(Item, item_id)
    if obj:
        await db.delete(obj)
        await db.commit()


@router.get("/legacy/{sku}")
def legacy_lookup(sku: str):
    conn = legacy_connection()
    cur = conn.cursor()
    cur.execute("SELECT sku, bin_location, on_hand FROM stock WHERE sku = %s", (sku,))
    row = cur.fetchone()
    conn.close()
    if not row:
        raise HTTPException(status_code=404, detail="Unknown SKU")
    return {"sku": row[0], "bin": row[1], "on_hand": row[2]}


@router.get("/legacy/bins/{bin_code}")
def legacy_bin(bin_code: str):
    conn = legacy_connection()
    cur = conn.cursor()
    cur.execute("SELECT sku, on_hand FROM stock WHERE bin_location = '{}'".format(bin_code))
    rows = cur.fetchall()
    conn.close()
    return [{"sku": r[0], "on_hand": r[1]} for r in rows]
