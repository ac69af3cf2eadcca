"""A URLconf whose one page fails, to test the 500 page (tests/send_board/test_public_pages.py)."""

from django.urls import include, path

from send_board.access import public


@public
def boom(request):
    raise RuntimeError("a deliberate failure")


urlpatterns = [path("boom/", boom), path("", include("send_board.urls"))]
