import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from PIL import Image
from wagtail.models import Collection

from cms.stories.models import StoryIndexPage
from tests.marketplace.conftest import two_producers  # noqa: F401  (a fixture)

setup = importlib.import_module("cms.stories.migrations.0002_story_index_and_editors")


@pytest.fixture
def story_index(home_page):
    """The story index under the home page, the editors' group and the approval workflow, as
    the migration creates them (again after a transactional test's flush)."""
    if not Collection.objects.exists():  # Wagtail's root collection, for the photos
        Collection.add_root(name="Root")
    index = StoryIndexPage.objects.first()
    if index is None:
        index = home_page.add_child(instance=StoryIndexPage(title=setup.INDEX_TITLE, slug=setup.INDEX_SLUG))
    setup.create_editors(django_apps)
    return index


@pytest.fixture
def editor(story_index, django_user_model):
    """A province editor: in the editors' group, no other right (not staff)."""
    user = django_user_model.objects.create_user("bientap", "bientap@ocop.local", "mat-khau-dai-2026")
    user.groups.add(Group.objects.get(name=setup.GROUP_NAME))
    return user


def jpeg(name="anh.jpg", size=(640, 480), color=(200, 120, 40), fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    buffer.name = name
    buffer.seek(0)
    return buffer
