from django.db import connection
from rest_framework import viewsets
from rest_framework.response import Response


class ProductViewSet(viewsets.ViewSet):
    def list(self, request):
        brand = request.query_params.get("brand", "")
        with connection.cursor() as cursor:
            # expect: code/no-sql-injection
            cursor.execute("SELECT id, name FROM products WHERE brand = '%s'" % brand)
            return Response(cursor.fetchall())

    def retrieve(self, request, pk=None):
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, name FROM products WHERE id = %s", [pk])
            return Response(cursor.fetchone())
