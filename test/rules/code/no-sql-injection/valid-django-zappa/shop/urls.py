from django.urls import path, re_path

from . import views

urlpatterns = [
    path("items/<slug:category>/", views.by_category),
    re_path(r"^orders/(?P<ref>\w+)/$", views.OrderView.as_view()),
]
