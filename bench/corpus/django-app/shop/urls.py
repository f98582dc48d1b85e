"""shop URL configuration."""
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", views.home, name="home"),
    path("products/", views.ProductListView.as_view(), name="product-list"),
    path("search/", views.search, name="search"),
    path("category/<slug:slug>/", views.category_products, name="category"),
    path("products/by-price/", views.products_by_price, name="products-by-price"),
    path("products/sorted/", views.products_sorted, name="products-sorted"),
    path("products/in-categories/", views.products_in_categories, name="products-in-categories"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("orders/<int:order_id>/", views.order_detail, name="order-detail"),
    path("orders/<int:order_id>/cancel/", views.cancel_order, name="cancel-order"),
    path("orders/<int:order_id>/status/", views.OrderStatusUpdateView.as_view(), name="order-status"),
    path("account/delete/", views.delete_account, name="delete-account"),
    path("newsletter/", views.subscribe_newsletter, name="newsletter"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("admin-panel/products/<int:product_id>/restock/", views.admin_restock, name="admin-restock"),
    path("admin-panel/categories/<int:category_id>/delete/", views.admin_category_delete, name="admin-category-delete"),
    path("api/", include("api.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
]
