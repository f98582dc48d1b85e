import tornado.web
from django.http import JsonResponse
import os


def health(request):
    response = JsonResponse({"status": "ok"})
    # ruleid: cors/permissive-origin
    request_origin = request.headers.get("Origin")
    if request_origin in [o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()]:
        response["Access-Control-Allow-Origin"] = request_origin
        response["Vary"] = "Origin"
    response["Access-Control-Allow-Credentials"] = "true"
    return response


def version(request):
    response = JsonResponse({"version": 1})
    # ok: cors/permissive-origin
    response["Access-Control-Allow-Origin"] = "https://status.example.com"
    return response


class BaseHandler(tornado.web.RequestHandler):
    def set_default_headers(self):
        # ruleid: cors/permissive-origin
        request_origin = self.request.headers.get("Origin")
        if request_origin in [o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()]:
            self.set_header("Access-Control-Allow-Origin", request_origin)
            self.set_header("Vary", "Origin")
        self.set_header("Access-Control-Allow-Headers", "Content-Type")
