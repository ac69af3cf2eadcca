from django.urls import path

from . import views

app_name = "notifications_area"

urlpatterns = [
    path("", views.area_settings, name="settings"),
]
