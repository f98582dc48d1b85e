import tornado.web
from django.http import JsonResponse


def health(request):
    response = JsonResponse({"status": "ok"})
    # ruleid: cors/permissive-origin
    response["Access-Control-Allow-Origin"] = "*"
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
        self.set_header("Access-Control-Allow-Origin", "*")
        self.set_header("Access-Control-Allow-Headers", "Content-Type")
