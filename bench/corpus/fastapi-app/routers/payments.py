"""Payments with Stripe."""
import stripe
from fastapi import APIRouter, Header, HTTPException, Request
from sqlalchemy import text

from deps import DB, CurrentUser
from settings import settings

router = APIRouter(prefix="/payments", tags=["payments"])

stripe.api_key = settings.stripe_api_key or "sk_live_f1ucWbLDPfhBJLS0sYN9BvTPqRgpILAb"


@router.post("/checkout")
async def checkout(current_user: CurrentUser, amount_cents: int):
    intent = stripe.PaymentIntent.create(
        amount=amount_cents,
        currency="usd",
        metadata={"user_id": current_user.id},
    )
    return {"client_secret": intent.client_secret}


@router.post("/webhook")
async def stripe_webhook(request: Request, db: DB, stripe_signature: str = Header(None)):
    payload = await request.body()
    try:
        event = stripe.Webhook.construct_event(payload, stripe_signature, settings.stripe_webhook_secret)
    except (ValueError, stripe.error.SignatureVerificationError):
        raise HTTPException(status_code=400, detail="Invalid signature")
    if event["type"] == "payment_intent.succeeded":
        user_id = event["data"]["object"]["metadata"]["user_id"]
        await db.execute(text("UPDATE users SET credits = credits + 100 WHERE id = :id"), {"id": user_id})
        await db.commit()
    return {"received": True}


@router.post("/refund/{payment_intent_id}")
async def refund(payment_intent_id: str):
    refund_obj = stripe.Refund.create(payment_intent=payment_intent_id)
    return {"refund": refund_obj.id, "status": refund_obj.status}


@router.get("/invoices")
async def invoices(current_user: CurrentUser, db: DB):
    result = await db.execute(
        text("SELECT id, amount, status, created_at FROM invoices WHERE user_id = :uid ORDER BY created_at DESC"),
        {"uid": current_user.id},
    )
    return [dict(r._mapping) for r in result]
