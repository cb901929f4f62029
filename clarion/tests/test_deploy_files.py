"""Security review, Low findings on the deployment files."""

from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

DEPLOY = Path(settings.BASE_DIR) / "deploy"


class DeployFilesTestCase(SimpleTestCase):
    def test_web_nodes_do_not_listen_on_every_interface(self):
        for path in (DEPLOY / "systemd").rglob("*"):  # (in a container, 0.0.0.0 is its own)
            if path.is_file():
                with self.subTest(path=path.name):
                    self.assertNotIn("0.0.0.0", path.read_text())

    def test_nginx_passes_the_normalised_host_and_refuses_other_names(self):
        conf = (DEPLOY / "nginx" / "clarion.conf.template").read_text()
        self.assertIn("proxy_set_header Host $host;", conf)
        self.assertNotIn("$http_host", conf)
        self.assertIn("default_server", conf)
        self.assertIn("return 444;", conf)

    def test_nginx_logs_no_tokens_or_queries(self):
        conf = (DEPLOY / "nginx" / "clarion.conf.template").read_text()
        log_format = conf[conf.index("log_format clarion") :].split(";", 1)[0]
        self.assertNotIn("$request ", log_format.replace('"', " "))
        self.assertNotIn("$request_uri", log_format)
        self.assertNotIn("$args", log_format)
        self.assertIn("$clarion_logged_path", log_format)
