"""Apps declare their header links and page panels; the kernel renders what is installed."""

import pytest
from django.conf import settings
from django.test import override_settings

from send_board.registry import landing_url_name, nav_links, panels


class TestRegistry:
    def test_each_app_declares_its_header_links_in_order(self):
        assert [link.label for link in nav_links()] == [
            "Dashboard",
            "EHCP",
            "Plan",
            "Risks",
            "Scorecard",
            "Publish",
            "Board packs",
            "History",
        ]

    def test_the_dashboard_is_the_landing_page(self):
        assert landing_url_name() == "performance:dashboard"

    def test_the_benchmarks_sub_app_fills_the_ehcp_page_slot(self):
        assert [panel.template for panel in panels("ehcp_timeliness")] == ["benchmarks/_panel.html"]

    def test_an_unknown_slot_has_no_panels(self):
        assert panels("no_such_slot") == ()


@pytest.mark.django_db
class TestWithoutASubApp:
    def test_the_ehcp_page_renders_without_the_benchmarks_sub_app(self, client_for, alice):
        client = client_for(alice)
        assert 'id="benchmark-heading"' in client.get("/board/344/ehcp/").content.decode()
        without = [app for app in settings.INSTALLED_APPS if app != "ehcp.benchmarks"]
        with override_settings(INSTALLED_APPS=without):
            assert panels("ehcp_timeliness") == ()
            response = client.get("/board/344/ehcp/")
        assert response.status_code == 200
        assert 'id="benchmark-heading"' not in response.content.decode()

    def test_the_account_page_links_each_area_to_its_dashboard(self, client_for, alice):
        body = client_for(alice).get("/accounts/").content.decode()
        assert 'href="/board/344/"' in body

    @pytest.mark.parametrize(
        "path", ["/board/344/ehcp/", "/board/344/ehcp/timeline/", "/board/344/ehcp/benchmarks/", "/board/344/plan/"]
    )
    def test_breadcrumbs_start_at_the_area_home_the_registry_names_and_without_one_still_render(
        self, client_for, alice, path
    ):
        client = client_for(alice)
        crumbs = client.get(path).content.decode().split('class="govuk-breadcrumbs', 1)[1].split("</nav>", 1)[0]
        assert 'href="/board/344/"' in crumbs  # the dashboard, performance's landing page
        without = [app for app in settings.INSTALLED_APPS if not app.startswith(("performance", "notifications"))]
        with override_settings(INSTALLED_APPS=without):
            assert landing_url_name() is None
            response = client.get(path)
        assert response.status_code == 200
        assert (
            'href="/board/344/"'
            not in response.content.decode().split('class="govuk-breadcrumbs', 1)[1].split("</nav>", 1)[0]
        )
