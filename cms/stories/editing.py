"""Writing and submitting a story on a producer's behalf — the producer area's views and the demo
go through here, as Wagtail's own editor does: a new story is added unpublished with a first
revision; submitting starts the story's workflow, or resumes it when the editors had sent the
story back (Wagtail allows one active workflow per page)."""

from wagtail.models import WorkflowState
from wagtail_localize.synctree import create_aliases_for_new_page

from cms.locales import default_locale_id
from marketplace.text import vn_slugify

from .models import StoryIndexPage


def story_index():
    """The Vietnamese story index (the migration creates it under the home page), or ``None``."""
    return StoryIndexPage.objects.filter(locale_id=default_locale_id()).order_by("pk").first()


def unique_slug(index, title):
    base = (vn_slugify(title) or "cau-chuyen")[:70].strip("-") or "cau-chuyen"
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def add_story(index, page, user):
    """Add ``page`` (a new ProductStoryPage) under ``index``, unpublished, with its first revision."""
    page.owner, page.live = user, False
    page.slug = unique_slug(index, page.title)
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    create_aliases_for_new_page(page)  # its place in the English tree, as the CMS editor does
    return page


def submit(story, user):
    """Send ``story``'s latest revision to the editors; ``False`` when no workflow applies to it."""
    workflow_state = story.current_workflow_state
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        workflow_state.resume(user)
        return True
    workflow = story.get_workflow()
    if workflow is None:
        return False
    workflow.start(story, user)
    return True
