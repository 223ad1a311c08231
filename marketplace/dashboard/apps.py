import oscar.apps.dashboard.apps as apps


class DashboardConfig(apps.DashboardConfig):
    """Oscar's dashboard, forked so that its catalogue and orders apps can be forked (Oscar finds
    a dashboard sub-app's classes through this app) and producers get a home page of their own."""

    name = "marketplace.dashboard"
