from django.urls import path

from . import views

app_name = "performance"

indicator = "scorecard/indicators/<str:indicator_code>/"
value = indicator + "values/<str:period>/"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dashboard/kpis/", views.dashboard_edit, name="dashboard_edit"),
    path("scorecard/", views.scorecard, name="scorecard"),
    path("scorecard/export/", views.scorecard_export, name="scorecard_export"),
    path("scorecard/services/<slug:service>/", views.service_scorecard, name="service_scorecard"),
    path("scorecard/upload/", views.values_upload, name="values_upload"),
    path("scorecard/upload/template/", views.values_template, name="values_template"),
    path("scorecard/approvals/", views.approvals, name="approvals"),
    path("scorecard/indicators/", views.indicator_list, name="indicator_list"),
    path("scorecard/indicators/new/", views.indicator_create, name="indicator_create"),
    path("scorecard/indicators/upload/", views.indicator_upload, name="indicator_upload"),
    path("scorecard/indicators/upload/template/", views.indicator_template, name="indicator_template"),
    path(indicator, views.indicator_detail, name="indicator"),
    path(indicator + "edit/", views.indicator_edit, name="indicator_edit"),
    path(indicator + "targets/new/", views.target_create, name="target_create"),
    path(indicator + "benchmarks/new/", views.benchmark_create, name="benchmark_create"),
    path(indicator + "commentary/", views.commentary_edit, name="commentary_edit"),
    path(indicator + "deep-dive/", views.deep_dive, name="deep_dive"),
    path(indicator + "actions/", views.action_links, name="action_links"),
    path(indicator + "reconciliation/", views.indicator_reconciliation, name="indicator_reconciliation"),
    path(indicator + "disclosure/", views.indicator_disclosure, name="indicator_disclosure"),
    path(indicator + "values/new/", views.value_create, name="value_create"),
    path(value, views.value_edit, name="value_edit"),
    path(value + "submit/", views.value_submit, name="value_submit"),
    path(value + "approve/", views.value_approve, name="value_approve"),
    path(value + "reopen/", views.value_reopen, name="value_reopen"),
    path("exceptions/", views.exceptions, name="exceptions"),
    path("data-due/", views.data_due, name="data_due"),
]
