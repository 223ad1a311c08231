default_app_config = "catalog.catalogue.reviews.apps.CatalogueReviewsConfig"
