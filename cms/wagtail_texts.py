"""Wagtail admin texts that the province's editors meet in the publishing workflow, which
Wagtail's Vietnamese catalogue leaves in English or gets wrong ("Phê chuẩnvà Xuất bản"), named
here so that `make messages` keeps their Vietnamese in locale/vi, which overrides Wagtail's.
Wagtail's Vietnamese catalogue is thin (about 140 texts); the rest of its admin stays English."""

from django.utils.translation import gettext_noop

WAGTAIL_ADMIN_TEXTS = (
    gettext_noop("%(label)s and Publish"),
    gettext_noop("Request changes"),
    gettext_noop("Request changes with comment"),
    gettext_noop("Approve"),
    gettext_noop("Approve with comment"),
    gettext_noop("In Moderation"),
    gettext_noop("Promote"),
    gettext_noop("Documents"),
    gettext_noop("Help"),
    gettext_noop("Search..."),
    gettext_noop("Just now"),
    gettext_noop("The page title as you'd like it to be seen by the public"),
)
