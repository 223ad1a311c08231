from django.contrib import admin
from oscar.apps.payment.admin import *  # noqa: F403  (Oscar's own, unchanged)

from .models import StripeEvent


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    """What each Stripe webhook event did, for staff following a payment: read only."""

    list_display = ["event_id", "type", "order_number", "outcome", "received_at", "processed_at"]
    list_filter = ["type", "outcome"]
    search_fields = ["event_id", "order_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
