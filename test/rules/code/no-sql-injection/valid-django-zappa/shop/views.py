from django.db import connection
from django.http import JsonResponse
from django.views import View

from .models import Item, Order


def search(request):
    term = request.GET.get("q", "")
    items = Item.objects.raw("SELECT * FROM shop_item WHERE name LIKE %s", ["%" + term + "%"])
    return JsonResponse({"items": [i.name for i in items]})


def by_category(request, category):
    order = "name" if request.GET.get("order") != "category" else "category"
    items = Item.objects.filter(category=category).extra(where=["category = %s"], params=[category], order_by=[order])
    return JsonResponse({"items": [i.name for i in items]})


class OrderView(View):
    def get(self, request, ref):
        with connection.cursor() as cursor:
            cursor.execute("SELECT total FROM shop_order WHERE ref = %s", [ref])
            row = cursor.fetchone()
        return JsonResponse({"total": row[0] if row else None})

    def post(self, request, ref):
        note = request.POST["note"]
        Order.objects.filter(ref=ref).update(note=note)
        return JsonResponse({"ok": True})
