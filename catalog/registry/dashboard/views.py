from django.views.generic import DetailView, ListView

from ..models import SyncRun


class SyncRunListView(ListView):
    model = SyncRun
    paginate_by = 50
    template_name = "registry_dashboard/sync_runs.html"
    context_object_name = "runs"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest"] = SyncRun.objects.exclude(outcome=SyncRun.Outcome.DRY_RUN).first()
        return context


class SyncRunDetailView(DetailView):
    model = SyncRun
    template_name = "registry_dashboard/sync_run.html"
    context_object_name = "run"
