from django.urls import path

from . import views

app_name = "benchmarks"

urlpatterns = [
    path("", views.panel, name="panel"),
    path("ranking/", views.ranking, name="ranking"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
    path("benchmarks.csv", views.export_csv, name="export"),
    path("imports/", views.release_list, name="releases"),
    path("imports/<int:release_id>/", views.release_detail, name="release"),
    path("upload/", views.upload, name="upload"),
    path("neighbours/", views.neighbours, name="neighbours"),
]
