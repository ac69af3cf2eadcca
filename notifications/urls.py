from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.open_items, name="open_items"),
    path("preferences/", views.preferences, name="preferences"),
    path("subscribe/<la:code>/", views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
