"""A real SMTP server (aiosmtpd) on a free loopback port, with the mail
settings made from an EMAIL_URL pointing at it, as settings/base.py reads it."""

import email
import email.policy
import socket

import environ
import pytest
from aiosmtpd.controller import Controller

from send_board.models import Role
from tests.factories import MembershipFactory


class Inbox:
    """Collects every message the server accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append({"to": list(envelope.rcpt_tos), "message": message})
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m["message"] for m in self.messages if address in m["to"]]

    @staticmethod
    def parts(message):
        text = message.get_body(preferencelist=("plain",)).get_content()
        html = message.get_body(preferencelist=("html",)).get_content()
        return text, html


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def apply_email_url(settings, url):
    config = environ.Env.email_url_config(url)
    settings.EMAIL_BACKEND = config["EMAIL_BACKEND"]
    settings.EMAIL_HOST = config["EMAIL_HOST"]
    settings.EMAIL_PORT = config["EMAIL_PORT"]
    settings.EMAIL_HOST_USER = config.get("EMAIL_HOST_USER", "")
    settings.EMAIL_HOST_PASSWORD = config.get("EMAIL_HOST_PASSWORD", "")
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def smtp(settings):
    """An SMTP server for this test; EMAIL_URL=smtp://127.0.0.1:<port> points at it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    apply_email_url(settings, f"smtp://127.0.0.1:{port}")
    settings.SITE_URL = "https://send-board.example.org"
    inbox.port = port
    inbox.controller = controller
    try:
        yield inbox
    finally:
        if controller.loop.is_running():
            controller.stop()


@pytest.fixture
def smtp_down(settings):
    """EMAIL_URL pointing at a loopback port where nothing listens."""
    apply_email_url(settings, f"smtp://127.0.0.1:{free_port()}")
    settings.SITE_URL = "https://send-board.example.org"


@pytest.fixture
def nomail(wirral):
    """An officer of Wirral without an email address."""
    return MembershipFactory(user__username="nomail", user__email="", local_area=wirral, role=Role.OFFICER).user
