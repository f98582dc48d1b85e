from django.db import connection
from django.http import JsonResponse

from .models import Article


def search(request):
    term = request.GET["q"]
    # ruleid: sql/string-built-query
    articles = Article.objects.raw(f"SELECT * FROM blog_article WHERE title LIKE '%{term}%'")
    return JsonResponse([a.title for a in articles], safe=False)


def by_author(request, author):
    with connection.cursor() as cursor:
        # ruleid: sql/string-built-query
        cursor.execute("SELECT id, title FROM blog_article WHERE author = '%s'" % author)
        return JsonResponse(cursor.fetchall(), safe=False)


def recent(request):
    tag = request.GET["tag"]
    # ruleid: sql/string-built-query
    qs = Article.objects.extra(where=["published > now() - interval '7 days'", "tag = '" + tag + "'"])
    return JsonResponse([a.title for a in qs], safe=False)


def safe(request):
    # ok: sql/string-built-query
    articles = Article.objects.raw("SELECT * FROM blog_article WHERE title = %s", [request.GET["q"]])
    return JsonResponse([a.title for a in articles], safe=False)


def orm(request):
    # ok: sql/string-built-query
    return Article.objects.filter(title__icontains=request.GET["q"])
