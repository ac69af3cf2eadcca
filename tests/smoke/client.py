"""A plain HTTP client that talks to gunicorn as a TLS-terminating proxy
would: every request says X-Forwarded-Proto: https and the site's host, and
it keeps cookies itself (a cookie jar would not send the production cookies,
which are Secure and __Host- prefixed, over the plain connection to
gunicorn). POSTs carry the CSRF token from the form and the Origin and
Referer a browser would send."""

import http.client
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode()

    @property
    def location(self):
        return self.headers.get("Location")

    def csrf_token(self):
        match = CSRF_INPUT.search(self.text)
        assert match, "the page has no form with a CSRF token"
        return match.group(1)


class ProxyClient:
    def __init__(self, *, port, host):
        self.port = port
        self.host = host
        self.cookies = {}
        self.set_cookie_headers = []

    def request(self, method, path, *, data=None, referer=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": self.host, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{self.host}"
            headers["Referer"] = f"https://{self.host}{referer or path}"
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.set_cookie_headers.append(header)
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data, *, referer=None):
        return self.request("POST", path, data=data, referer=referer)

    def submit(self, path, data):
        """GET the form at `path`, then POST `data` to it with its CSRF token."""
        form = self.get(path)
        assert form.status == 200, (path, form.status)
        return self.post(path, {"csrfmiddlewaretoken": form.csrf_token(), **data})

    def follow(self, response):
        """Follow redirects within the site (they must stay on https)."""
        while response.status in (301, 302, 303):
            target = urlsplit(response.location)
            assert target.scheme in ("", "https"), f"redirect away from https: {response.location}"
            response = self.get(target.path + (f"?{target.query}" if target.query else ""))
        return response
