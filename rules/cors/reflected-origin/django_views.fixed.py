from django.conf import settings
from django.http import JsonResponse
import os


def profile(request):
    response = JsonResponse({"name": "demo"})
    # ruleid: cors/reflected-origin
    request_origin = request.META.get("HTTP_ORIGIN")
    if request_origin in [o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()]:
        response["Access-Control-Allow-Origin"] = request_origin
        response["Vary"] = "Origin"
    response["Access-Control-Allow-Credentials"] = "true"
    return response


def orders(request):
    origin = request.META["HTTP_ORIGIN"]
    # ruleid: cors/reflected-origin
    return JsonResponse([], safe=False, headers={"Access-Control-Allow-Origin": origin if origin in [o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()] else "", "Vary": "Origin"})


def invoices(request):
    origin = request.headers.get("Origin", "")
    response = JsonResponse([], safe=False)
    if origin in settings.CORS_ALLOWED_ORIGINS:
        # ok: cors/reflected-origin
        response["Access-Control-Allow-Origin"] = origin
    return response


def receipts(request):
    origin = request.headers.get("Origin", "")
    # ok: cors/reflected-origin
    allowed = origin if origin in settings.CORS_ALLOWED_ORIGINS else ""
    return JsonResponse([], safe=False, headers={"Access-Control-Allow-Origin": allowed})
