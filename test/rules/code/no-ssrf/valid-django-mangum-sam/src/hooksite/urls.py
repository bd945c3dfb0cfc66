from django.urls import path

from hooks.views import HookView

urlpatterns = [
    path("hooks/<int:hook_id>/test", HookView.as_view()),
]
