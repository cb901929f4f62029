from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clarion.content.models import Campaign
from clarion.content.tests.base import LANGS, BaseTestCase

# Uncached renders (the page cache is off in tests). A page whose count grows
# with the data (an N+1 query) or with the language fails here.
BUDGET = {"": 38, "join/": 14, "facts/": 24, "news/": 26, "recognition/": 24, "resources/": 23}


class QueryCountTestCase(BaseTestCase):
    def test_it_renders_each_page_type_within_its_query_budget(self):
        for path, budget in BUDGET.items():
            counts = {}
            for lang in LANGS:
                # Fresh short-lived caches (campaign, listings), then warm them, so
                # no entry expires between the two requests.
                cache.clear()
                Campaign.forget_current()
                self.get_page(f"/{lang}/{path}")
                with CaptureQueriesContext(connection) as queries:
                    self.get_page(f"/{lang}/{path}")
                counts[lang] = len(queries)
            self.assertLessEqual(max(counts.values()), budget, f"/<lang>/{path}: {counts}")
