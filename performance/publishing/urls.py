"""The performance lead's publishing pages, under /board/<code>/publish/."""

from django.urls import path

from . import views

app_name = "publishing"

urlpatterns = [
    path("", views.publish, name="publish"),
    path("preview/", views.preview, name="preview"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
