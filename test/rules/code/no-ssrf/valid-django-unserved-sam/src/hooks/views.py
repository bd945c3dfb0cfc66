import json

import requests
from django.http import JsonResponse
from django.views import View


class HookView(View):
    def post(self, request, hook_id):
        target = json.loads(request.body)["url"]
        
        r = requests.post(target, json={"hook": hook_id, "test": True}, timeout=5)
        return JsonResponse({"status": r.status_code})

    def helper(self, url):
        return requests.get(url, timeout=5)
