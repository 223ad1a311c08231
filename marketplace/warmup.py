"""What a server process loads once, before its workers are forked (gunicorn.conf.py's
``when_ready``), so that no worker pays for it on a visitor's request — after each start, and
after a worker is replaced (a crash, or ``max_requests`` if set): the storefront's templates
compiled (Django's cached template loader keeps them for the process), the translation
catalogues of every language read and the modules Django imports on first use (the Redis
client: 70 ms on a worker's first request otherwise). Nothing connects here: connections made
before forking would be shared by the workers."""

import importlib
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.utils import translation


def storefront_templates():
    """The names of the theme's templates (themes/default/templates): every page the site
    renders for visitors, and the pieces they include."""
    names = []
    for folder in settings.TEMPLATES[0]["DIRS"]:
        root = Path(folder)
        names += sorted(str(path.relative_to(root)) for path in root.rglob("*.html"))
    return names


def warm():
    """Compiles the storefront's templates and reads the translations; returns how many
    templates were compiled."""
    engine = engines["django"]
    compiled = 0
    for name in storefront_templates():
        try:
            engine.get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):  # a fragment not meant to stand alone
            continue
        compiled += 1
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Search")  # reads the language's catalogues
    for alias in settings.CACHES:
        if settings.CACHES[alias]["BACKEND"].endswith("RedisCache"):
            importlib.import_module("redis")  # what RedisCache imports on its first use
    return compiled
