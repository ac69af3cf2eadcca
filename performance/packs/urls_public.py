"""The public, accessible PDF of a publication, beside its page and CSV."""

from django.urls import path

from . import views_public

urlpatterns = [
    path("areas/<la:code>/publications/<int:pk>.pdf", views_public.publication_pdf, name="publication_pdf"),
]
