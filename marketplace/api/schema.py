"""What the OpenAPI schema describes: the API under /api/ only (Wagtail's admin has DRF views
of its own, which are not ours to publish)."""


def only_the_api(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: the endpoints under /api/, without the schema's own."""
    return [
        endpoint
        for endpoint in endpoints
        if endpoint[0].startswith("/api/") and not endpoint[0].startswith(("/api/schema/", "/api/docs/"))
    ]
