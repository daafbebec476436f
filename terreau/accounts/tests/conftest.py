from terreau.core.tests.fixtures import run_cli  # noqa: F401
