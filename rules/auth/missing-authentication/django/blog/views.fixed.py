from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import CreateView, ListView, UpdateView

from .base import BaseView
from .models import Post


# ruleid: auth/missing-authentication
@login_required
def create_post(request):
    if request.method == "POST":
        post = Post.objects.create(title=request.POST["title"])
        return redirect("post-detail", pk=post.pk)
    return HttpResponse("form")


# ok: auth/missing-authentication
@login_required
def delete_post(request, pk):
    if request.method == "POST":
        get_object_or_404(Post, pk=pk).delete()
    return redirect("post-list")


@require_POST
# ruleid: auth/missing-authentication
@login_required
def like_post(request, pk):
    Post.objects.filter(pk=pk).update(likes=1)
    return JsonResponse({"ok": True})


# ok: auth/missing-authentication
def post_list(request):
    return JsonResponse({"posts": list(Post.objects.values("id", "title"))})


# ok: auth/missing-authentication
@require_http_methods(["POST"])
def edit_post(request, pk):
    if not request.user.is_authenticated:
        return redirect("login")
    Post.objects.filter(pk=pk).update(title=request.POST["title"])
    return redirect("post-detail", pk=pk)


# ok: auth/missing-authentication
def signup(request):
    if request.method == "POST":
        return redirect("home")
    return HttpResponse("form")


# ok: auth/missing-authentication
def secret_action(request):
    if request.method == "POST":
        Post.objects.all().delete()
    return redirect("home")


# ruleid: auth/missing-authentication
class PostCreateView(LoginRequiredMixin, CreateView):
    model = Post
    fields = ["title", "body"]


# ok: auth/missing-authentication
class PostUpdateView(LoginRequiredMixin, UpdateView):
    model = Post
    fields = ["title", "body"]


# ruleid: auth/missing-authentication
class ArchiveView(LoginRequiredMixin, View):
    def post(self, request, pk):
        Post.objects.filter(pk=pk).update(archived=True)
        return redirect("post-list")


@method_decorator(login_required, name="dispatch")
# ok: auth/missing-authentication
class PublishView(View):
    def post(self, request, pk):
        Post.objects.filter(pk=pk).update(published=True)
        return redirect("post-list")


# ok: auth/missing-authentication
class ExportView(BaseView):
    def post(self, request):
        return HttpResponse("export")


# ok: auth/missing-authentication
class PostListView(ListView):
    model = Post


def _require_staff(request):
    if not request.user.is_staff:
        raise PermissionError("staff only")


# ok: auth/missing-authentication
def purge_posts(request):
    if request.method == "POST":
        _require_staff(request)
        Post.objects.all().delete()
    return redirect("post-list")


# ok: auth/missing-authentication
def refund(request):
    if request.method == "POST":
        return process_refund(request)
    return HttpResponse("form")
