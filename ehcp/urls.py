from django.urls import path

from . import views

app_name = "ehcp"

urlpatterns = [
    path("", views.timeliness, name="timeliness"),
    path("cohorts/", views.cohorts, name="cohorts"),
    path("timeline/", views.timeline_overview, name="timeline"),
    path("timeline/<slug:step>/", views.timeline_step, name="timeline_step"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
    path("target/", views.target, name="target"),
    path("returns/", views.return_list, name="returns"),
    path("returns/new/", views.return_create, name="return_create"),
    path("returns/upload/", views.returns_upload, name="returns_upload"),
    path("returns/approve/", views.returns_approve_all, name="returns_approve_all"),
    path("returns/template.<str:file_format>", views.returns_template, name="returns_template"),
    path("returns/<int:pk>/", views.return_detail, name="return_detail"),
    path("returns/<int:pk>/edit/", views.return_edit, name="return_edit"),
    path("returns/<int:pk>/submit/", views.return_submit, name="return_submit"),
    path("returns/<int:pk>/approve/", views.return_approve, name="return_approve"),
    path("returns/<int:pk>/send-back/", views.return_send_back, name="return_send_back"),
    path("cases/", views.case_list, name="cases"),
    path("cases/upload/", views.cases_upload, name="cases_upload"),
    path("cases/template.<str:file_format>", views.cases_template, name="cases_template"),
]
