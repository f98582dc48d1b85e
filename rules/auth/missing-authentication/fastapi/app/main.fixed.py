from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import OAuth2PasswordRequestForm

from app.deps import get_current_user
from app.routers import admin, items, orders

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])

app.include_router(items.router, prefix="/items", dependencies=[Depends(get_current_user)])
app.include_router(admin.router, prefix="/admin")
app.include_router(orders.router)


# ok: auth/missing-authentication
@app.post("/token")
async def login(form: OAuth2PasswordRequestForm = Depends()):
    return {"access_token": form.username, "token_type": "bearer"}


# ruleid: auth/missing-authentication
@app.put("/announcements/{announcement_id}", dependencies=[Depends(get_current_user)])
async def edit_announcement(announcement_id: int, body: dict):
    return {"id": announcement_id, **body}


# ok: auth/missing-authentication
@app.get("/announcements")
async def list_announcements():
    return []
