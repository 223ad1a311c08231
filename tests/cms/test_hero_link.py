"""An editor cannot put a script behind the home page's hero button: its link must be a web
address (http/https) or a path on this site."""

import pytest
from wagtail.blocks import StructBlockValidationError

from cms.blocks import HeroBlock

pytestmark = pytest.mark.django_db


def clean(link_url):
    block = HeroBlock()
    return block.clean(block.to_python({"heading": "Mật ong Lục Nam", "link_text": "Xem", "link_url": link_url}))


@pytest.mark.parametrize(
    "link_url",
    [
        "https://ocop.gov.vn/tin-tuc/",
        "http://example.vn",
        "HTTPS://EXAMPLE.VN/",
        "/catalogue/",
        "/tim-kiem/?q=mat+ong",
        "",  # no button
    ],
)
def test_web_addresses_and_site_paths_are_accepted(link_url):
    assert clean(link_url)["link_url"] == link_url


@pytest.mark.parametrize(
    "link_url",
    [
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        "  javascript:alert(1)",
        "\x01\x0ejavascript:alert(1)",
        "java\tscript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "http:evil.example",
        "ftp://example.vn/",
        "catalogue/",
    ],
)
def test_scripts_other_schemes_and_other_hosts_without_a_scheme_are_refused(link_url):
    with pytest.raises(StructBlockValidationError) as refused:
        clean(link_url)
    error = refused.value.block_errors["link_url"]
    assert "http://" in " ".join(error.messages) and "/" in " ".join(error.messages)
