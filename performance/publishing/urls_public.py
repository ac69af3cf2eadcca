"""Public pages: no sign-in, published material only."""

from django.urls import path

from . import views_public

urlpatterns = [
    path("", views_public.home, name="home"),
    path("areas/<la:code>/", views_public.area_publications, name="area_publications"),
    path("areas/<la:code>/scorecards/<str:month>/", views_public.month_scorecard, name="month_scorecard"),
    path("areas/<la:code>/publications/<int:pk>/", views_public.publication_detail, name="publication_detail"),
    path(
        "areas/<la:code>/publications/<int:pk>/indicators/<int:position>/",
        views_public.publication_indicator,
        name="publication_indicator",
    ),
    path("areas/<la:code>/publications/<int:pk>.csv", views_public.publication_csv, name="publication_csv"),
]
