"""Public pages: no sign-in, published material only."""

from django.urls import path

from . import views_public

urlpatterns = [
    path("", views_public.home, name="home"),
    path("areas/<la:code>/", views_public.area_publications, name="area_publications"),
]
