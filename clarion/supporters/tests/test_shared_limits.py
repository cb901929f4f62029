import time
import uuid
from unittest import mock

import pytest
import redis
from django.core.cache.backends.redis import RedisCache
from django.test import SimpleTestCase, override_settings

from clarion.supporters import limits

REDIS = "redis://127.0.0.1:6379/14"


def redis_up():
    try:
        return redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(not redis_up(), reason="no Redis on 127.0.0.1:6379")
class SharedLimitsTestCase(SimpleTestCase):
    """With CACHE_URL=redis://…, every web node counts into the same buckets."""

    def setUp(self):
        self.prefix = f"test-{uuid.uuid4().hex}"
        options = {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                   "LOCATION": REDIS, "KEY_PREFIX": self.prefix}  # fmt: skip
        override = override_settings(CACHES={"default": options})
        override.enable()
        self.addCleanup(override.disable)
        # Another web node: its own connection to the same Redis.
        self.other_node = RedisCache(REDIS, {"KEY_PREFIX": self.prefix})
        self.addCleanup(self.forget_keys)

    def forget_keys(self):  # never FLUSHDB: Redis is shared
        client = redis.Redis.from_url(REDIS)
        for key in client.scan_iter(f"{self.prefix}:*"):
            client.delete(key)

    @override_settings(RATE_LIMIT_IP_PER_HOUR=3)
    def test_it_quarantines_a_flood_spread_over_two_nodes(self):
        for _ in range(2):
            self.assertEqual(limits.quarantine_reason("hash-a", "example.org"), "")
        bucket = f"rl:ip:hash-a:{int(time.time() // 3600)}"
        self.assertEqual(self.other_node.incr(bucket), 3)  # a hit on node 2
        self.assertEqual(limits.quarantine_reason("hash-a", "example.org"), "ip-rate")
        self.assertEqual(limits.quarantine_reason("hash-b", "example.org"), "")

    def test_it_counts_every_limit_in_one_pipeline_and_lets_buckets_expire(self):
        with mock.patch.object(redis.Redis, "execute_command") as single_commands:
            for _ in range(2):
                self.assertEqual(limits.quarantine_reason("hash-c", "example.net"), "")
        single_commands.assert_not_called()  # only pipelines
        client = redis.Redis.from_url(REDIS)
        hour = int(time.time() // 3600)
        for key in (f"rl:ip:hash-c:{hour}", f"rl:domain:example.net:{hour}"):
            stored = f"{self.prefix}:1:{key}"
            self.assertEqual(int(client.get(stored)), 2)
            self.assertTrue(0 < client.ttl(stored) <= 3600 + 60)  # the window and a minute

    @override_settings(RATE_LIMIT_IP_PER_HOUR=2)
    def test_it_judges_a_whole_batch_in_one_pipeline(self):
        senders = [("hash-d", "example.com")] * 3 + [("hash-e", "example.com")]
        execute = redis.client.Pipeline.execute
        with mock.patch.object(redis.client.Pipeline, "execute", autospec=True,
                               side_effect=execute) as run:  # fmt: skip
            self.assertEqual(limits.quarantine_reasons(senders), ["", "", "ip-rate", ""])
        self.assertEqual(run.call_count, 1)
        self.assertEqual(limits.quarantine_reason("hash-d", "example.com"), "ip-rate")
