"""Oscar's order page in the dashboard, with the shipments: staff record which lines went to
which carrier under which tracking number (staff only, like the whole orders dashboard)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from oscar.apps.dashboard.orders import views

from marketplace.producers.access import is_staff

from .forms import ShipmentForm


class OrderDetailView(views.OrderDetailView):
    order_actions = (*views.OrderDetailView.order_actions, "record_shipment")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["shipment_form"] = kwargs.get("shipment_form") or ShipmentForm(self.object)
        ctx["shipments"] = self.object.shipments.prefetch_related("lines").select_related("recorded_by")
        return ctx

    def record_shipment(self, request, order):
        if not is_staff(request.user):
            raise PermissionDenied
        form = ShipmentForm(order, request.POST)
        if not form.is_valid():
            messages.error(request, _("The shipment was not recorded: see the form below."))
            return self.render_to_response(self.get_context_data(shipment_form=form, active_tab="shipping"))
        shipment = form.save(request.user)
        messages.success(
            request,
            _("Shipment %(tracking)s (%(carrier)s) recorded.")
            % {"tracking": shipment.tracking_number, "carrier": shipment.carrier_label},
        )
        return self.reload_page(fragment="shipping")
