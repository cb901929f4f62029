from .pages import (  # noqa: F401
    CampaignPage,
    FactsPage,
    HomePage,
    MemorialPage,
    NewsIndexPage,
    NewsItemPage,
    RecognitionPage,
    ResourcesPage,
    StandardPage,
    WayPage,
)
from .records import (  # noqa: F401
    Campaign,
    Fact,
    FactFigure,
    MemorialName,
    MemorialSource,
    RecognitionBody,
    RecognitionTotal,
    Resource,
)
