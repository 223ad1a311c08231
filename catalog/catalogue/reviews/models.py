from oscar.apps.catalogue.reviews.models import *  # noqa: F403  (Oscar's own, unchanged)
