"""The site's URLs (see the page map in README.md). Area pages live under
/board/<code>/, where <code> is the DfE local authority code."""

from django.contrib import admin
from django.urls import include, path, register_converter

from . import views
from .converters import LocalAreaCodeConverter

register_converter(LocalAreaCodeConverter, "la")

admin.site.site_header = "SEND Board administration"
admin.site.site_title = "SEND Board admin"

account_patterns = [
    path("login/", views.sign_in, name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("", views.account, name="account"),
    path("password/", views.password_change, name="password_change"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("password/reset/done/", views.password_reset_complete, name="password_reset_complete"),
]

urlpatterns = [
    path("", include("performance.publishing.urls_public")),
    path("", include("performance.packs.urls_public")),
    path("accounts/", include(account_patterns)),
    path("about-these-figures/", views.about_figures, name="about_figures"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("board/<la:code>/history/", views.audit_history, name="audit_history"),
    path("board/<la:code>/publish/", include("performance.publishing.urls")),
    path("board/<la:code>/packs/", include("performance.packs.urls")),
    path("board/<la:code>/", include("performance.urls")),
    path("board/<la:code>/ehcp/benchmarks/", include("ehcp.benchmarks.urls")),
    path("board/<la:code>/ehcp/", include("ehcp.urls")),
    path("board/<la:code>/", include("improvement.urls")),
    path("board/<la:code>/notifications/", include("notifications.urls_area")),
    path("notifications/", include("notifications.urls")),
    path("board/<la:code>/upload-problems/<str:token>.csv", views.upload_problems, name="upload_problems"),
    path("healthz/", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
