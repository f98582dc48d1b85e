"""Custom middleware."""


class EmbedCorsMiddleware:
    """Lets the product widget be embedded on partner sites."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/widget/"):
            response["Access-Control-Allow-Origin"] = request.META.get("HTTP_ORIGIN", "*")
            response["Vary"] = "Origin"
        return response


class RequestTimingMiddleware:
    """Adds a Server-Timing header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        start = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - start) * 1000:.1f}"
        return response
