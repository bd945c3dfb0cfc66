import json

import requests
from django.http import JsonResponse
from django.views import View

HOOKS = {"slack": "https://hooks.slack.com/services/T000/B000/XXXX"}


class HookView(View):
    def post(self, request, hook_id):
        name = json.loads(request.body)["name"]
        target = HOOKS.get(name, HOOKS["slack"]) if name in HOOKS else HOOKS["slack"]
        r = requests.post(HOOKS["slack"], json={"hook": hook_id, "test": True, "name": target != ""}, timeout=5)
        return JsonResponse({"status": r.status_code})

    def helper(self, url):
        return requests.get(url, timeout=5)
