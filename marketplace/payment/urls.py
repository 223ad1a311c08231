from django.urls import path

from . import views

app_name = "payment"
urlpatterns = [
    path("stripe/webhook/", views.stripe_webhook, name="stripe-webhook"),
    path("card/return/", views.card_return, name="card-return"),
]
