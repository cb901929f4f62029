"""System checks: Clarion refuses to start when something it renders with is
missing, naming it, rather than answering 500 on the first image message."""

from django.conf import settings
from django.core import checks


@checks.register()
def renderers_have_their_fonts(app_configs, **kwargs):
    from clarion.lib import typeset

    wanted = typeset.missing()
    if settings.PETITIONS_FONT and not _is_file(settings.PETITIONS_FONT):
        wanted.append(settings.PETITIONS_FONT)
    return [
        checks.Error(
            f"Font file missing: {path}",
            hint="The fonts ship in clarion/lib/fonts/ (tools/subset_fonts.py makes them); "
            "restore them from the repository, or point PETITIONS_FONT at a TrueType file.",
            id="clarion.E001",
        )
        for path in wanted
    ]


def _is_file(path):
    from pathlib import Path

    return Path(path).is_file()
