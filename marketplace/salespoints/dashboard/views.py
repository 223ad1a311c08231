"""Staff views: sales points, their stock, coverage of the districts."""

urlpatterns = []
