from clarion.content.models import Fact
from clarion.content.templatetags.clarion_tags import figure as figure_filter

from .base import BaseTestCase


class FactsPageTestCase(BaseTestCase):
    def test_it_shows_conflicting_figures_side_by_side_with_sources(self):
        disputed = [fact for fact in Fact.objects.all() if fact.sources_disagree]
        self.assertTrue(disputed, "the pack should keep figures that sources disagree on")
        html = self.get_page("/en/facts/").content.decode()
        for fact in disputed:
            block = html.split(f'id="{fact.key}"', 1)[1].split("</div>", 1)[0]
            self.assertIn("fact--disputed", html.split(f'id="{fact.key}"', 1)[0][-80:])
            for figure in fact.figures.all():
                self.assertIn(figure_filter(figure.value), block)
                self.assertIn(figure.source_outlet.replace("&", "&amp;"), block)
                self.assertIn(figure.source_date, block)

    def test_it_is_translated(self):
        html = self.get_page("/es/facts/").content.decode()
        self.assertIn('<html lang="es"', html)
        fact = Fact.objects.first()
        self.assertIn(fact.label.get("es", fact.label["en"]), html)
