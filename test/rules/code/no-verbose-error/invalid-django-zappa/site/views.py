from django.db import connection
from django.http import JsonResponse


def balance(request, account):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT balance FROM ledger WHERE account = %s", [account])
            return JsonResponse({"balance": cursor.fetchone()[0]})
    except Exception as exc:
        # expect: code/no-verbose-error
        return JsonResponse({"error": repr(exc)}, status=500)
