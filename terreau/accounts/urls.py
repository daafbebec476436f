from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("connexion/", login_not_required(auth_views.LoginView.as_view()), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("groupes/<slug:slug>/", views.group_detail, name="group"),
]
