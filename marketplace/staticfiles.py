"""The static files' storages: Django's and WhiteNoise's, each file's URL worked out once per
process. Every storefront page links the same stylesheet, scripts and icons, and each
``{% static %}`` costs ~15 µs in the storage (the manifest lookup, URL quoting and joining); a
file's URL cannot change while the process runs (the manifest is read when it starts)."""

from django.contrib.staticfiles.storage import StaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class RememberedUrls:
    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        urls = self.__dict__.setdefault("remembered_urls", {})
        if name not in urls:
            urls[name] = super().url(name)
        return urls[name]


class ManifestStorage(RememberedUrls, CompressedManifestStaticFilesStorage):
    """Production: files named by their content's hash, compressed, cached for a year."""


class PlainStorage(RememberedUrls, StaticFilesStorage):
    """Development, tests and the bench: files under their own names."""
