"""The demo's stories: each producer login has a story awaiting the province's approval, the
demo's editor approves it in the CMS admin, `make demo` prints the editor's login, and loading
again adds nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from catalog.demo.producers import ensure_producer_logins
from catalog.demo.stories import EDITOR_EMAIL, add_stories, ensure_editor_login
from catalog.demo.summary import logins
from cms.stories.models import ProductStoryPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_stories(demo_shop, mailoutbox):
    ensure_producer_logins()
    editor = ensure_editor_login()
    stories = add_stories()
    return editor, stories


def test_each_producer_login_has_a_story_awaiting_approval(demo_stories, mailoutbox):
    editor, stories = demo_stories
    assert len(stories) == 2 and len({story.producer_id for story in stories}) == 2
    for story in stories:
        story.refresh_from_db()
        assert story.workflow_in_progress and not story.live
        user = story.producer.users.get()
        producer = Client()
        producer.force_login(user)
        assert "Chờ duyệt" in producer.get("/dashboard/stories/").content.decode()
    assert mailoutbox == []  # the demo loads quietly
    assert add_stories() == [] and ProductStoryPage.objects.count() == 2
    assert any(EDITOR_EMAIL in line for line in logins("admin@ocop.local", "ocop-demo-2026"))

    client = Client()
    assert client.login(username=EDITOR_EMAIL, password="ocop-demo-2026")
    story = stories[0]
    assert story.draft_title in client.get("/cms-admin/").content.decode()
    task_state = story.current_workflow_task_state
    client.post(reverse("wagtailadmin_pages:workflow_action", args=(story.pk, "approve", task_state.pk)))
    story.refresh_from_db()
    assert story.live and story.url in Client().get(story.product.get_absolute_url()).content.decode()
