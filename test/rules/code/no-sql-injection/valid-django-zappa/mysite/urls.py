from django.urls import include, path

from shop import views

urlpatterns = [
    path("search/", views.search),
    path("api/", include("shop.urls")),
]
