"""REST API (Django REST framework)."""
from django.db import connection
from rest_framework import generics, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.permissions import AllowAny, IsAdminUser, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from shop.models import Coupon, Order, Product

from .serializers import CouponSerializer, OrderSerializer, ProductSerializer, RegisterSerializer


class ProductViewSet(viewsets.ModelViewSet):
    """CRUD for products."""

    queryset = Product.objects.filter(is_active=True)
    serializer_class = ProductSerializer
    permission_classes = [AllowAny]

    @action(detail=False, methods=["get"])
    def search(self, request):
        term = request.query_params.get("q", "")
        products = Product.objects.raw(f"SELECT * FROM shop_product WHERE name ILIKE '%%{term}%%'")
        return Response(ProductSerializer(products, many=True).data)


class PublicProductList(generics.ListAPIView):
    """Read-only catalog for the storefront."""

    queryset = Product.objects.filter(is_active=True)
    serializer_class = ProductSerializer
    permission_classes = [AllowAny]


class OrderViewSet(viewsets.ModelViewSet):
    """Orders of the authenticated user (default IsAuthenticated permission)."""

    serializer_class = OrderSerializer

    def get_queryset(self):
        return Order.objects.filter(user=self.request.user).prefetch_related("items")

    def perform_create(self, serializer):
        serializer.save(user=self.request.user)

    @action(detail=False, methods=["get"])
    def by_status(self, request):
        status_param = request.query_params.get("status", "pending")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, total FROM shop_order WHERE user_id = %s AND status = %s",
                [request.user.id, status_param],
            )
            rows = cursor.fetchall()
        return Response([{"id": r[0], "total": str(r[1])} for r in rows])


class CouponViewSet(viewsets.ModelViewSet):
    queryset = Coupon.objects.all()
    serializer_class = CouponSerializer
    permission_classes = [IsAdminUser]


class ApplyCouponView(APIView):
    authentication_classes = []
    permission_classes = []

    def post(self, request):
        code = request.data.get("code", "")
        order_id = request.data.get("order_id")
        coupon = Coupon.objects.filter(code=code, active=True).first()
        if not coupon:
            return Response({"error": "Invalid coupon"}, status=status.HTTP_400_BAD_REQUEST)
        order = Order.objects.get(pk=order_id)
        order.total = order.total * (100 - coupon.percent_off) / 100
        order.save()
        return Response({"total": str(order.total)})


@api_view(["POST"])
@permission_classes([AllowAny])
def register(request):
    serializer = RegisterSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    user = serializer.save()
    token, _ = Token.objects.get_or_create(user=user)
    return Response({"token": token.key}, status=status.HTTP_201_CREATED)


@api_view(["POST"])
@permission_classes([AllowAny])
def bulk_delete_products(request):
    ids = request.data.get("ids", [])
    deleted, _ = Product.objects.filter(pk__in=ids).delete()
    return Response({"deleted": deleted})


@api_view(["GET"])
@permission_classes([IsAuthenticated])
def sales_report(request):
    group = request.query_params.get("group", "day")
    with connection.cursor() as cursor:
        cursor.execute("SELECT date_trunc('" + group + "', created_at) AS bucket, SUM(total) FROM shop_order GROUP BY 1 ORDER BY 1")
        rows = cursor.fetchall()
    return Response([{"bucket": r[0], "total": str(r[1])} for r in rows])


@api_view(["GET"])
@permission_classes([IsAdminUser])
def low_stock(request):
    threshold = int(request.query_params.get("threshold", 5))
    products = Product.objects.raw("SELECT * FROM shop_product WHERE stock < %s", [threshold])
    return Response(ProductSerializer(products, many=True).data)


@api_view(["PUT"])
def update_stock(request, pk):
    """Default permission (IsAuthenticated) applies."""
    product = Product.objects.get(pk=pk)
    product.stock = int(request.data.get("stock", product.stock))
    product.save()
    return Response(ProductSerializer(product).data)
