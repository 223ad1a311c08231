"""The producer's stories, in its area (/dashboard/stories/), made for a phone — producers have no
access to the CMS admin. A producer lists its stories with where each stands, writes one about
one of its products, saves it as a draft or submits it to the province's editors, and edits or
deletes its drafts. Every story and product comes through the ownership rule
(marketplace/producers/access.py): another producer's id is a 404, whatever is posted.

Saving never publishes: a new story stays unpublished, and the changes to a published story wait
in a new revision while the published version stays online, until an editor approves them in the
CMS admin (the "Duyệt câu chuyện sản phẩm" workflow; cms/stories/signals.py tells the producer)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView
from wagtail.models import WorkflowState

from marketplace.producers import access

from .editing import add_story, story_index, submit
from .forms import MAX_PHOTOS, StoryForm
from .models import ProductStoryPage

MAX_ID = 2**31 - 1  # the largest page id (an integer column)
#: What a producer sees of where a story stands.
DRAFT, IN_MODERATION, SENT_BACK, PUBLISHED, PUBLISHED_WITH_CHANGES = (
    "draft",
    "in_moderation",
    "sent_back",
    "published",
    "published_with_changes",
)
STATE_LABELS = {
    DRAFT: _("Draft"),
    IN_MODERATION: _("Awaiting approval"),
    SENT_BACK: _("Sent back"),
    PUBLISHED: _("Published"),
    PUBLISHED_WITH_CHANGES: _("Published; changes not submitted"),
}


def story_state(story):
    """(state, the editor's comment when sent back) of ``story``."""
    workflow_state = story.current_workflow_state
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        return IN_MODERATION, ""
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        task_state = workflow_state.current_task_state
        return SENT_BACK, (task_state.comment if task_state else "") or ""
    if story.live:
        return (PUBLISHED_WITH_CHANGES if story.has_unpublished_changes else PUBLISHED), ""
    return DRAFT, ""


def with_workflow_states(stories):
    """Each story's active workflow state (and its current task), prefetched: Wagtail's
    ``prefetch_workflow_states()`` looks them up by the base page type unless the queryset is
    ``specific()``, and finds none on a queryset of one page type such as this one."""
    states = WorkflowState.objects.active().select_related("current_task_state__task")
    return stories.prefetch_related(
        Prefetch("_specific_workflow_states", queryset=states, to_attr="_current_workflow_states")
    )


def annotate(story):
    story.state, story.comment = story_state(story)
    story.state_label = STATE_LABELS[story.state]
    story.can_delete = story.state in (DRAFT, SENT_BACK) and story.first_published_at is None
    return story


def can_use_stories(user):
    """Staff, and producers' users (the ownership rule then narrows what each reaches)."""
    return access.is_staff(user) or access.is_producer(user)


class StoryAreaMixin(LoginRequiredMixin):
    """Signed-in staff and producers' users; anyone else signed in is refused (403)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can_use_stories(request.user):
            raise PermissionDenied
        if kwargs.get("pk", 0) > MAX_ID:  # no such page; the database would refuse the number
            raise Http404
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs):
        """Fetch the view's objects, once the user is known to be let in."""

    def stories(self):
        return access.stories_for(self.request.user).select_related("product", "producer")


class StoryListView(StoryAreaMixin, ListView):
    template_name = "cms/stories/dashboard/story_list.html"
    context_object_name = "stories"
    paginate_by = 20

    def get_queryset(self):
        return with_workflow_states(self.stories()).order_by("-latest_revision_created_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for story in context["stories"]:
            annotate(story)
        context["has_products"] = access.products_for(self.request.user).filter(parent=None).exists()
        return context


class StoryFormView(StoryAreaMixin, TemplateView):
    """Write a story (no ``pk``) or change one's draft; "Save draft" or "Submit for approval"."""

    template_name = "cms/stories/dashboard/story_form.html"
    story = draft = None

    def get_form(self, data=None, files=None):
        return StoryForm(data, files, user=self.request.user, story=self.story, draft=self.draft)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or self.get_form()
        context.update(
            form=form,
            story=self.story,
            max_photos=MAX_PHOTOS,
            has_products=form.fields["product"].queryset.exists(),
        )
        if self.story is not None:
            context["state"] = annotate(self.story).state
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, gettext("Nothing was saved: see the form below."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        submit = request.POST.get("action") == "submit"
        with transaction.atomic():
            story = self.save(form)
            if submit and not self.submit(story):
                messages.warning(
                    request,
                    gettext("Your draft is saved, but stories cannot be submitted right now. Please try again later."),
                )
                return redirect("stories-dashboard:story-edit", pk=story.pk)
        if submit:
            messages.success(
                request,
                gettext("“%(title)s” was sent to the province's editors. You will be told when they have read it.")
                % {"title": story.draft_title},
            )
        else:
            messages.success(request, gettext("Draft of “%(title)s” saved.") % {"title": story.draft_title})
        return redirect("stories-dashboard:story-list")

    def save(self, form):
        index = story_index()
        if index is None:  # the site has no story index (the migration creates it under the home page)
            raise PermissionDenied
        return add_story(index, form.apply(ProductStoryPage()), self.request.user)

    def submit(self, story):
        return submit(story, self.request.user)


class StoryCreateView(StoryFormView):
    pass


class StoryEditView(StoryFormView):
    """While a story awaits approval nothing in it can change (the editors approve what they read):
    the page says so and offers to withdraw the submission."""

    def load(self, pk):
        self.story = get_object_or_404(self.stories(), pk=pk)
        self.draft = self.story.get_latest_revision_as_object()

    def post(self, request, *args, **kwargs):
        state = annotate(self.story).state
        if request.POST.get("action") == "withdraw":
            if state == IN_MODERATION:
                self.story.current_workflow_state.cancel(user=request.user)
                messages.success(request, gettext("The submission was withdrawn: you can change the story again."))
            return redirect("stories-dashboard:story-edit", pk=self.story.pk)
        if state == IN_MODERATION:
            messages.error(
                request,
                gettext("This story is awaiting approval: withdraw the submission to change it."),
            )
            return self.render_to_response(self.get_context_data(), status=409)
        if self.story.locked and self.story.locked_by_id != request.user.pk:
            messages.error(request, gettext("An editor is working on this story: try again later."))
            return self.render_to_response(self.get_context_data(), status=409)
        return super().post(request, *args, **kwargs)

    def save(self, form):
        page = form.apply(self.draft)
        if not self.story.live:
            page.save()  # an unpublished page carries its latest content, as Wagtail's editor saves it
        page.save_revision(user=self.request.user, log_action=True)
        return page


class StoryDeleteView(StoryAreaMixin, TemplateView):
    """Delete a story that was never published (a draft, or one sent back) after confirming."""

    template_name = "cms/stories/dashboard/story_delete.html"

    def load(self, pk):
        self.story = annotate(get_object_or_404(with_workflow_states(self.stories()), pk=pk))

    def get_context_data(self, **kwargs):
        return super().get_context_data(story=self.story, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.story.can_delete:
            messages.error(
                request, gettext("Only a story that was never published and is not awaiting approval can be deleted.")
            )
            return redirect("stories-dashboard:story-edit", pk=self.story.pk)
        title = self.story.draft_title
        self.story.delete()
        messages.success(request, gettext("“%(title)s” deleted.") % {"title": title})
        return redirect("stories-dashboard:story-list")


class StoryPreviewView(StoryAreaMixin, TemplateView):
    """The story's latest version as its page will show it (not indexed: the page says "preview")."""

    http_method_names = ["get", "head"]

    def http_method_not_allowed(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["GET", "HEAD"])

    def get(self, request, *args, **kwargs):
        story = get_object_or_404(self.stories(), pk=kwargs["pk"])
        draft = story.get_latest_revision_as_object()
        request.is_preview, request.preview_mode = True, draft.default_preview_mode
        response = draft.serve_preview(request, draft.default_preview_mode)
        response["X-Robots-Tag"] = "noindex"
        return response


app_name = "stories-dashboard"
urlpatterns = [
    path("", StoryListView.as_view(), name="story-list"),
    path("new/", StoryCreateView.as_view(), name="story-create"),
    path("<int:pk>/", StoryEditView.as_view(), name="story-edit"),
    path("<int:pk>/delete/", StoryDeleteView.as_view(), name="story-delete"),
    path("<int:pk>/preview/", StoryPreviewView.as_view(), name="story-preview"),
]
