from rest_framework import generics, permissions
from rest_framework.decorators import api_view

from .models import Product
from .serializers import ProductSerializer
from rest_framework.permissions import IsAuthenticated


# ok: auth/missing-authentication
class ProductList(generics.ListCreateAPIView):
    queryset = Product.objects.all()
    serializer_class = ProductSerializer


# ok: auth/missing-authentication
@api_view(["POST"])
def restock(request):
    return None


# ruleid: auth/missing-authentication
class ProductDetail(generics.RetrieveUpdateDestroyAPIView):
    queryset = Product.objects.all()
    serializer_class = ProductSerializer
    permission_classes = [IsAuthenticated]


# ok: auth/missing-authentication
class ProductReviews(generics.ListCreateAPIView):
    queryset = Product.objects.all()
    serializer_class = ProductSerializer
    permission_classes = [permissions.IsAuthenticated | permissions.IsAdminUser]
