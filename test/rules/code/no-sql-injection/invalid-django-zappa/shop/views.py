from django.db import connection
from django.http import JsonResponse
from django.views import View

from .models import Item, Order


def search(request):
    term = request.GET.get("q", "")
    # expect: code/no-sql-injection
    items = Item.objects.raw("SELECT * FROM shop_item WHERE name LIKE '%%" + term + "%%'")
    return JsonResponse({"items": [i.name for i in items]})


def by_category(request, category):
    order = request.GET.get("order", "name")
    # expect: code/no-sql-injection
    items = Item.objects.filter(category=category).extra(where=["category = '%s'" % category], order_by=[order])
    return JsonResponse({"items": [i.name for i in items]})


class OrderView(View):
    def get(self, request, ref):
        with connection.cursor() as cursor:
            # expect: code/no-sql-injection
            cursor.execute(f"SELECT total FROM shop_order WHERE ref = '{ref}'")
            row = cursor.fetchone()
        return JsonResponse({"total": row[0] if row else None})

    def post(self, request, ref):
        note = request.POST["note"]
        Order.objects.filter(ref=ref).update(note=note)
        return JsonResponse({"ok": True})
