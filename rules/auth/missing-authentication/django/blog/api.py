from rest_framework import viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Comment, Tag
from .permissions import IsOwner
from .serializers import CommentSerializer, TagSerializer


@api_view(["POST"])
# ruleid: auth/missing-authentication
def create_comment(request):
    return Response(CommentSerializer(Comment.objects.create(**request.data)).data, status=201)


# ok: auth/missing-authentication
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def delete_comment(request, pk):
    Comment.objects.filter(pk=pk).delete()
    return Response(status=204)


# ok: auth/missing-authentication
@api_view(["GET"])
def comment_list(request):
    return Response(CommentSerializer(Comment.objects.all(), many=True).data)


# ruleid: auth/missing-authentication
class CommentViewSet(viewsets.ModelViewSet):
    queryset = Comment.objects.all()
    serializer_class = CommentSerializer


# ok: auth/missing-authentication
class TagViewSet(viewsets.ModelViewSet):
    queryset = Tag.objects.all()
    serializer_class = TagSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]


# ruleid: auth/missing-authentication
class VoteView(APIView):
    permission_classes = [AllowAny]

    def post(self, request):
        return Response({"voted": True})

    # ok: auth/missing-authentication
    def get(self, request):
        return Response({"votes": 0})


# ok: auth/missing-authentication
class ReportView(APIView):
    permission_classes = [IsOwner]

    def post(self, request):
        return Response({"reported": True})


# ruleid: auth/missing-authentication
class TagActionsViewSet(viewsets.GenericViewSet):
    permission_classes = (AllowAny,)

    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        return Response({"merged": pk})

    # ok: auth/missing-authentication
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def split(self, request, pk=None):
        return Response({"split": pk})
