from oscar.apps.catalogue.reviews.admin import *  # noqa: F403  (Oscar's own, unchanged)
