from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("products", views.ProductViewSet, basename="product")
router.register("orders", views.OrderViewSet, basename="order")
router.register("coupons", views.CouponViewSet, basename="coupon")

urlpatterns = [
    path("", include(router.urls)),
    path("catalog/", views.PublicProductList.as_view(), name="catalog"),
    path("coupons/apply/", views.ApplyCouponView.as_view(), name="apply-coupon"),
    path("register/", views.register, name="api-register"),
    path("products/bulk-delete/", views.bulk_delete_products, name="bulk-delete"),
    path("reports/sales/", views.sales_report, name="sales-report"),
    path("reports/low-stock/", views.low_stock, name="low-stock"),
    path("products/<int:pk>/stock/", views.update_stock, name="update-stock"),
]
