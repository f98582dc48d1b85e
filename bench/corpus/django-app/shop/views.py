"""Server-rendered shop views."""
import json

from django.contrib.auth.decorators import login_required, user_passes_test
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import ListView, TemplateView

from .models import Category, NewsletterSubscriber, Order, Product


def home(request):
    featured = Product.objects.filter(is_active=True).order_by("-created_at")[:8]
    return render(request, "shop/home.html", {"featured": featured})


class ProductListView(ListView):
    model = Product
    paginate_by = 24
    template_name = "shop/product_list.html"

    def get_queryset(self):
        qs = Product.objects.filter(is_active=True)
        category = self.request.GET.get("category")
        if category:
            qs = qs.filter(category__slug=category)
        return qs


@require_GET
def search(request):
    q = request.GET.get("q", "")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, name, price FROM shop_product WHERE name ILIKE '%%{q}%%' AND is_active")
        rows = cursor.fetchall()
    return JsonResponse({"results": [{"id": r[0], "name": r[1], "price": str(r[2])} for r in rows]})


@require_GET
def category_products(request, slug):
    products = Product.objects.raw("SELECT * FROM shop_product WHERE category_id = (SELECT id FROM shop_category WHERE slug = %s)", [slug])
    return render(request, "shop/category.html", {"products": products})


@require_GET
def products_by_price(request):
    max_price = request.GET.get("max", "100")
    products = Product.objects.raw("SELECT * FROM shop_product WHERE price <= %s ORDER BY price" % max_price)
    return render(request, "shop/list.html", {"products": products})


@require_GET
def products_sorted(request):
    sort = request.GET.get("sort", "name")
    allowed = {"name", "-name", "price", "-price", "-created_at"}
    products = Product.objects.filter(is_active=True).order_by(sort if sort in allowed else "name")
    return render(request, "shop/list.html", {"products": products})


@require_GET
def products_in_categories(request):
    names = request.GET.getlist("category")
    products = Product.objects.extra(where=["category_id IN (SELECT id FROM shop_category WHERE name IN ('%s'))" % "','".join(names)])
    return render(request, "shop/list.html", {"products": products})


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "shop/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["orders"] = Order.objects.filter(user=self.request.user).order_by("-created_at")[:10]
        return ctx


@login_required
def order_detail(request, order_id):
    order = get_object_or_404(Order, pk=order_id, user=request.user)
    return render(request, "shop/order_detail.html", {"order": order})


@login_required
@require_POST
def cancel_order(request, order_id):
    order = get_object_or_404(Order, pk=order_id, user=request.user, status="pending")
    order.status = "cancelled"
    order.save()
    return redirect("dashboard")


@csrf_exempt
@require_POST
def delete_account(request):
    data = json.loads(request.body or "{}")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=data.get("user_id")).first()
    if not user:
        return HttpResponseBadRequest("unknown user")
    user.delete()
    return JsonResponse({"deleted": True})


@require_POST
def subscribe_newsletter(request):
    """Public newsletter sign-up form in the footer (anonymous by design)."""
    email = request.POST.get("email", "").strip()
    if "@" not in email:
        return HttpResponseBadRequest("invalid email")
    NewsletterSubscriber.objects.get_or_create(email=email)
    return JsonResponse({"subscribed": True})


class OrderStatusUpdateView(View):
    def post(self, request, order_id):
        order = get_object_or_404(Order, pk=order_id)
        order.status = request.POST.get("status", order.status)
        order.save()
        return JsonResponse({"id": order.pk, "status": order.status})


@method_decorator(login_required, name="dispatch")
class ProfileView(View):
    def get(self, request):
        return render(request, "shop/profile.html", {"user": request.user})

    def post(self, request):
        request.user.first_name = request.POST.get("first_name", request.user.first_name)
        request.user.save()
        return redirect("profile")


@user_passes_test(lambda u: u.is_staff)
def admin_restock(request, product_id):
    product = get_object_or_404(Product, pk=product_id)
    if request.method == "POST":
        product.stock += int(request.POST.get("amount", 0))
        product.save()
    return redirect("admin-products")


def admin_category_delete(request, category_id):
    if request.method == "POST":
        Category.objects.filter(pk=category_id).delete()
    return redirect("/admin-panel/categories/")
