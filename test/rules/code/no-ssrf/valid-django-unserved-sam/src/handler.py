# A scheduled maintenance function of the same project: it imports the Django project but no
# adapter serves it, so the views' requests are not client input.
import django

django.setup()

from hooks.models import prune  # noqa: E402


def handler(event, context):
    prune()
