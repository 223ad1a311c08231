"""Staff views: download and upload the provinces' sales-point files."""

urlpatterns = []
