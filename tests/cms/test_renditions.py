"""The renditions public pages show are made when an image is saved, never during a GET."""

import re
from pathlib import Path

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cms import renditions

TEMPLATES = Path(__file__).resolve().parents[2] / "themes"


def test_every_template_uses_a_listed_rendition():
    used = {
        spec for path in TEMPLATES.rglob("*.html") for spec in re.findall(r"{% image \S+ ([\w-]+)", path.read_text())
    }
    assert used and used <= set(renditions.SPECS), used - set(renditions.SPECS)


@pytest.mark.django_db
def test_saving_an_image_makes_its_renditions():
    image = get_image_model().objects.create(title="Ảnh", file=get_test_image_file())
    made = set(image.renditions.values_list("filter_spec", flat=True))
    assert made == set(renditions.SPECS)
