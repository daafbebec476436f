from .fixtures import closed_url, local_server, run_cli, shared_data  # noqa: F401
