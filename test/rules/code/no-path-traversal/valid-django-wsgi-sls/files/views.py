import os

from django.http import HttpResponse

BASE = "/var/task/public"


def download(request):
    name = os.path.basename(request.GET["name"])
    with open(os.path.join(BASE, name), "rb") as f:
        return HttpResponse(f.read())
