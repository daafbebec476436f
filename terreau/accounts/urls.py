from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import territory_views, views

app_name = "accounts"
urlpatterns = [
    path("connexion/", login_not_required(auth_views.LoginView.as_view()), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("groupes/<slug:slug>/", views.group_detail, name="group"),
    path("groupes/<slug:slug>/territoires/nouveau/", territory_views.territory_add,
         name="territory_add"),
    path("groupes/<slug:slug>/territoires/<slug:territory_slug>/",
         territory_views.territory_detail, name="territory"),
    path("groupes/<slug:slug>/territoires/<slug:territory_slug>/modifier/",
         territory_views.territory_edit, name="territory_edit"),
    path("groupes/<slug:slug>/territoires/<slug:territory_slug>/supprimer/",
         territory_views.territory_delete, name="territory_delete"),
]
