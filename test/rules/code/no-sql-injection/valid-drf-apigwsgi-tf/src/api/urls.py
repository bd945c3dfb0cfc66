from django.urls import include, path
from rest_framework.routers import DefaultRouter

from catalog.views import ProductViewSet

router = DefaultRouter()
router.register("products", ProductViewSet, basename="product")

urlpatterns = [
    path("v1/", include(router.urls)),
]
