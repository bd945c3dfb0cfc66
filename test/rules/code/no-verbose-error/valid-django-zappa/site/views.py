import logging

from django.db import connection
from django.http import JsonResponse

log = logging.getLogger(__name__)


def balance(request, account):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT balance FROM ledger WHERE account = %s", [account])
            return JsonResponse({"balance": cursor.fetchone()[0]})
    except Exception as exc:
        log.exception("balance failed: %r", exc)
        return JsonResponse({"error": "internal error"}, status=500)
