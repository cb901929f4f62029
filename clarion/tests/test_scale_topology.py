"""A smoke test of the scale-out topology: nginx in front of two web nodes; one
is killed and the next requests are still answered."""

import gzip
import urllib.request

import pytest

from bench.topology import Topology, nginx_binary
from clarion.tests.processes import free_ports, subprocess_database_url

pytestmark = pytest.mark.skipif(
    nginx_binary() is None, reason="nginx is not installed: bin/install-system-deps nginx"
)
HASHED = "css/site.0123456789ab.css"


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, response.read()


@pytest.fixture(scope="module")
def topology(tmp_path_factory, django_db_setup, django_db_blocker):
    tmp_path = tmp_path_factory.mktemp("topology")
    with django_db_blocker.unblock():
        database_url = subprocess_database_url()
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / HASHED).write_text("body { color: #14213d }\n")
    (static / f"{HASHED}.gz").write_bytes(gzip.compress(b"body { color: #14213d }\n"))
    port, *web_ports = free_ports(3)
    env = {"DATABASE_URL": database_url, "ENVIRONMENT": "test", "CACHE_URL": "locmem://smoke",
           "LOG_LEVEL": "ERROR"}  # fmt: skip
    topology = Topology(tmp_path / "run", env, port=port, web_ports=web_ports, workers=0,
                        web_workers=1, web_threads=2, static_root=static)  # fmt: skip
    with topology.start(supervise=False, timeout=60):
        yield topology


def test_nginx_serves_hashed_static_files_precompressed_for_a_year(topology):
    url = f"http://127.0.0.1:{topology.port}/static/{HASHED}"
    status, headers, body = get(url, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == b"body { color: #14213d }\n"


def test_it_answers_when_one_web_node_is_killed(topology):  # runs last: it kills a node
    base = f"http://127.0.0.1:{topology.port}"
    for _ in range(4):  # round robin over both nodes
        assert get(f"{base}/healthz")[0] == 200
    topology.web[0].kill()
    topology.web[0].popen.wait(10)
    assert not topology.web[0].alive()
    for _ in range(6):
        status, _, body = get(f"{base}/healthz")
        assert status == 200, body
