from django.urls import path

from . import views

urlpatterns = [path("balance/<int:account>/", views.balance)]
