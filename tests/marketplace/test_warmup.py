"""marketplace/warmup.py: what gunicorn's master loads before forking its workers."""

from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader

from marketplace import warmup


def test_the_storefronts_templates_are_compiled_before_any_request():
    names = warmup.storefront_templates()
    assert "oscar/catalogue/detail.html" in names and "salespoints/locator.html" in names
    loader = engines["django"].engine.template_loaders[0]
    assert isinstance(loader, CachedLoader)  # as in production (DEBUG off)
    loader.reset()
    assert warmup.warm() >= len(names) * 0.9  # a few are pieces that compile only inside their page
    assert {"oscar/catalogue/detail.html", "oscar/layout.html", "salespoints/locator.html"} <= set(
        loader.get_template_cache
    )
