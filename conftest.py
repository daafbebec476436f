"""Fixtures shared by all of Terreau's tests (factories live in terreau/core/testing.py).

Browser tests (`@pytest.mark.browser`) drive Debian's Chromium through pytest-playwright
against pytest-django's live server; ../shared/TESTING.md (beside the repository) says why
these launch flags.
"""

import os
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

from terreau.core import testing

# The people of the indicators and atlas tests (tours_group, steward, tours_member, outsider),
# and the real indicators and territories the atlas and the scenarios draw (chomage, …).
pytest_plugins = ["terreau.indicators.tests.people", "terreau.atlas.tests.maps"]

CHROMIUM = os.environ.get("TERREAU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--disable-gpu", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic",
]
# Console messages that are not errors of ours: SwiftShader's ReadPixels warning, a favicon.
CONSOLE_NOISE = ("GPU stall due to ReadPixels", "favicon")

# Playwright's sync API runs an event loop in the main thread for the whole session, which
# makes Django's ORM refuse to run ("async context") in the tests that follow it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    # Keep a screenshot of every failing browser test in test-results/ (pytest-playwright).
    if getattr(config.option, "screenshot", None) == "off":
        config.option.screenshot = "only-on-failure"
    # The tests create thousands of accounts: hash their passwords fast (Django's advice for
    # test suites; production keeps its slow, safe hashers).
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real open data (TERREAU_TEST_DATA, default ../shared/data beside the repository)."""
    path = testing.shared_data_dir()
    if not (path / "geo").is_dir():
        message = f"Données partagées absentes : {path} (réglez TERREAU_TEST_DATA)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def cvl_zones(db, data_dir):
    """Région 24, its 6 départements, the 272 communes of Indre-et-Loire, IRIS of Tours."""
    testing.load_centre_val_de_loire(data_dir)


@pytest.fixture
def member(db):
    """A signed-up user with no special permission (signed in with force_login)."""
    return testing.user_create("camille", password=None)


@pytest.fixture
def member_client(client, member):
    """A test client signed in as an ordinary member."""
    client.force_login(member)
    return client


# ---- Browser tests ---------------------------------------------------------------------


class SerialWSGIServer(ThreadedWSGIServer):
    """The live server, threaded, but running one request at a time.

    On SQLite the test database lives in memory: Django hands the server's threads the test's
    own connection, and sqlite3 fails ("bad parameter or other API misuse") when two requests
    use it at once, e.g. a phone polling a meeting while the projector changes step.
    """

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                return application(environ, start_response)

        super().set_app(one_at_a_time)


@pytest.fixture(scope="session", autouse=True)
def serial_live_server_on_sqlite(django_db_setup, django_db_blocker):
    from django.db import connection

    if connection.vendor == "sqlite":
        LiveServerThread.server_class = SerialWSGIServer


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium absent ({CHROMIUM}) : sudo apt-get install chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900},
            "locale": "fr-FR"}


@pytest.fixture
def console_errors(page):
    """Errors printed in the browser console (noise filtered), as a list that fills up."""
    errors = []

    def record(message):
        if message.type == "error" and not any(n in message.text for n in CONSOLE_NOISE):
            errors.append(message.text)

    page.on("console", record)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def signed_in_page(page, live_server, transactional_db, console_errors):
    """A browser page signed in as a member through the login form."""
    testing.user_create("camille")
    testing.browser_sign_in(page, live_server.url, "camille")
    return page
