from fastapi import APIRouter

router = APIRouter()


# ok: auth/missing-authentication
@router.post("/")
async def create_item(item: dict):
    return item


# ok: auth/missing-authentication
@router.delete("/{item_id}")
async def delete_item(item_id: int):
    return {"deleted": item_id}
