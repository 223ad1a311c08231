"""Requests per client: anonymous clients by address, signed-in clients by user (rates from
``settings.API_THROTTLE_RATES``, read at each request so that they can be changed in settings)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_RATES["anon"]


class UserThrottle(UserRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_RATES["user"]
