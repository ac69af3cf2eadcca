"""Pages of the improvement app, under /board/<code>/ (see README's page map).

Plans are addressed by their short name (slug), so that an area with several
plans has unambiguous addresses: /plan/<plan>/areas/<n>/ and
/plan/<plan>/actions/<code>/ (codes such as 1.1.a keep their dots).
"""

from django.urls import path

from . import views

app_name = "improvement"

urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("plan/new/", views.plan_new, name="plan_new"),
    path("plan/my-actions/", views.my_actions, name="my_actions"),
    path("plan/workstreams/", views.workstream_list, name="workstream_list"),
    path("plan/workstreams/new/", views.workstream_new, name="workstream_new"),
    path("plan/workstreams/<int:workstream_id>/edit/", views.workstream_edit, name="workstream_edit"),
    path("plan/history/", views.history, name="history"),
    path("plan/<slug:plan_slug>/", views.plan_overview, name="plan_overview"),
    path("plan/<slug:plan_slug>/edit/", views.plan_edit, name="plan_edit"),
    path("plan/<slug:plan_slug>/status.csv", views.plan_status_csv, name="plan_status_csv"),
    path("plan/<slug:plan_slug>/actions/", views.action_list, name="action_list"),
    path("plan/<slug:plan_slug>/new-action/", views.action_new, name="action_new"),
    path("plan/<slug:plan_slug>/actions/<str:action_code>/", views.action_detail, name="action_detail"),
    path("plan/<slug:plan_slug>/actions/<str:action_code>/edit/", views.action_edit, name="action_edit"),
    path("plan/<slug:plan_slug>/actions/<str:action_code>/update/", views.action_update, name="action_update"),
    path("plan/<slug:plan_slug>/new-area/", views.area_new, name="area_new"),
    path("plan/<slug:plan_slug>/areas/<int:number>/", views.area_detail, name="area_detail"),
    path("plan/<slug:plan_slug>/areas/<int:number>/edit/", views.area_edit, name="area_edit"),
    path("plan/<slug:plan_slug>/areas/<int:number>/review/", views.area_review, name="area_review"),
    path("plan/<slug:plan_slug>/areas/<int:number>/support/", views.area_support, name="area_support"),
    path("plan/<slug:plan_slug>/import/", views.actions_import, name="actions_import"),
    path("plan/<slug:plan_slug>/import/template/", views.actions_import_template, name="actions_import_template"),
    path("plan/<slug:plan_slug>/periods/", views.period_list, name="period_list"),
    path("plan/<slug:plan_slug>/periods/new/", views.period_new, name="period_new"),
    path("plan/<slug:plan_slug>/periods/<int:period_id>/close/", views.period_close, name="period_close"),
    path("risks/", views.risks, name="risks"),
    path("risks/new/", views.risk_new, name="risk_new"),
    path("risks/<int:risk_id>/", views.risk_detail, name="risk_detail"),
    path("risks/<int:risk_id>/edit/", views.risk_edit, name="risk_edit"),
    path("risks/<int:risk_id>/review/", views.risk_review, name="risk_review"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/meetings/new/", views.meeting_new, name="meeting_new"),
    path("decisions/meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("decisions/meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("decisions/meetings/<int:meeting_id>/decisions/new/", views.decision_new, name="decision_new"),
    path("decisions/meetings/<int:meeting_id>/log/new/", views.log_item_new, name="log_item_new"),
    path("decisions/<int:decision_id>/edit/", views.decision_edit, name="decision_edit"),
    path("decisions/log/<int:item_id>/edit/", views.log_item_edit, name="log_item_edit"),
    path("readiness/", views.readiness, name="readiness"),
    path("readiness/new/", views.evidence_new, name="evidence_new"),
    path("readiness/<int:item_id>/edit/", views.evidence_edit, name="evidence_edit"),
]
