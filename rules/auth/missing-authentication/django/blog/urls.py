from django.contrib.auth.decorators import login_required
from django.urls import path

from . import views

urlpatterns = [
    path("posts/new/", views.create_post),
    path("secret/", login_required(views.secret_action)),
]
