import os

from django.http import HttpResponse

BASE = "/var/task/public"


def download(request):
    name = request.GET["name"]
    # expect: code/no-path-traversal
    with open(os.path.join(BASE, name), "rb") as f:
        return HttpResponse(f.read())
