"""What happens when the province's editors decide on a producer's story.

* The producer gets a notice in its area and by e-mail (marketplace/producers/notices.py): "approved
  and published", or "sent back" with the editor's comment — once per decision: the notice's key
  names the task state that was decided, because Wagtail resumes the same workflow state when a
  story sent back is submitted again, and a second "send back" must be told too.
* Wagtail's own "approved"/"rejected" e-mails go only to people who can use the CMS admin: they
  link there, and a producer's user cannot open it (the producer's notice tells it instead, in
  its own words, linking to its story in the producer area). Wagtail's e-mails to the editors
  when a story is submitted are kept.
"""

from django.db import transaction
from django.urls import reverse
from wagtail.admin import signal_handlers as wagtail_handlers
from wagtail.admin.mail import WorkflowStateApprovalEmailNotifier, WorkflowStateRejectionEmailNotifier
from wagtail.models import WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected


def story_of(workflow_state):
    """The producer's story a workflow state is about, or ``None``."""
    from .models import ProductStoryPage

    page = workflow_state.content_object
    page = getattr(page, "specific", page)
    if isinstance(page, ProductStoryPage) and page.producer_id:
        return page
    return None


def _notify(workflow_state, kind):
    from marketplace.producers.notices import notify

    page = story_of(workflow_state)
    if page is None:
        return
    task_state = workflow_state.current_task_state
    comment = (task_state.comment if task_state else "") or ""
    producer = page.producer
    key = f"story:{page.pk}:{workflow_state.pk}:{task_state.pk if task_state else ''}"
    params = {"title": page.draft_title or page.title, "comment": comment}
    url = reverse("stories-dashboard:story-edit", kwargs={"pk": page.pk})
    transaction.on_commit(lambda: notify(producer, kind, key=key, params=params, url=url))


def story_approved(sender, instance, user=None, **kwargs):
    from marketplace.producers.models import ProducerNotice

    _notify(instance, ProducerNotice.Kind.STORY_APPROVED)


def story_sent_back(sender, instance, user=None, **kwargs):
    from marketplace.producers.models import ProducerNotice

    _notify(instance, ProducerNotice.Kind.STORY_SENT_BACK)


class AdminUsersOnly:
    """Wagtail's e-mail notifier, limited to recipients who can sign in to the CMS admin."""

    def get_recipient_users(self, workflow_state, **kwargs):
        users = super().get_recipient_users(workflow_state, **kwargs)
        return {user for user in users if user and user.has_perm("wagtailadmin.access_admin")}


class ApprovalEmailNotifier(AdminUsersOnly, WorkflowStateApprovalEmailNotifier):
    pass


class RejectionEmailNotifier(AdminUsersOnly, WorkflowStateRejectionEmailNotifier):
    pass


# Wagtail's dispatch_uids (wagtail/admin/signal_handlers.py): ours take their place whichever
# app is ready first (a receiver with a dispatch_uid already connected is not connected again).
APPROVED_UID = "workflow_state_approved_email_notification"
REJECTED_UID = "workflow_state_rejected_email_notification"
approval_email_notifier = ApprovalEmailNotifier()
rejection_email_notifier = RejectionEmailNotifier()


def connect():
    workflow_approved.connect(story_approved, sender=WorkflowState, dispatch_uid="product-story-approved")
    workflow_rejected.connect(story_sent_back, sender=WorkflowState, dispatch_uid="product-story-sent-back")
    for signal, uid, notifier, theirs in (
        (workflow_approved, APPROVED_UID, approval_email_notifier, wagtail_handlers.workflow_approval_email_notifier),
        (workflow_rejected, REJECTED_UID, rejection_email_notifier, wagtail_handlers.workflow_rejection_email_notifier),
    ):
        signal.disconnect(theirs, sender=WorkflowState, dispatch_uid=uid)
        signal.connect(notifier, sender=WorkflowState, dispatch_uid=uid)
