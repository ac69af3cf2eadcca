from django.urls import path

from . import views

app_name = "ehcp"

urlpatterns = [
    path("", views.timeliness, name="timeliness"),
]
