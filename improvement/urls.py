from django.urls import path

from . import views

app_name = "improvement"

urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("risks/", views.risks, name="risks"),
]
