"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    ours = ("DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in ours}
    environment.update(env, DJANGO_SETTINGS_MODULE="marketplace.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="p" * 20 + "-Zr8%kq2!vN3@xL0#mW7^tB5&yH1*cJ4(eF6)sD9",
        ALLOWED_HOSTS="ocop.example.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_development_key_is_flagged_by_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="false")
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_vietnamese_time_zone_and_currency():
    from django.conf import settings
    from oscar.templatetags.currency_filters import currency

    assert settings.LANGUAGE_CODE == "vi" and settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    from django.utils import translation

    with translation.override("vi"):
        assert currency(120000, "VND") == "120.000 ₫"


def test_compiled_translations_match_the_catalogue():
    """The committed .mo carries every translation of the .po (run `make messages` after editing)."""
    import gettext

    from babel.messages.pofile import read_po

    folder = ROOT / "locale" / "vi" / "LC_MESSAGES"
    with open(folder / "django.po", "rb") as po, open(folder / "django.mo", "rb") as mo:
        source, compiled = read_po(po), gettext.GNUTranslations(mo)
    for message in source:
        if not message.id:
            continue
        assert message.string and not message.fuzzy, f"untranslated: {message.id!r}"
        if message.pluralizable:
            assert compiled.ngettext(*message.id, 2) == message.string[0], message.id
        elif message.context:
            assert compiled.pgettext(message.context, message.id) == message.string, message.id
        else:
            assert compiled.gettext(message.id) == message.string, message.id
