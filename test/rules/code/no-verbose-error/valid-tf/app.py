import json
import logging
import traceback

log = logging.getLogger()


def build(event):
    return {"rows": json.loads(event["body"])["rows"]}


def handler(event, context):
    try:
        return {"statusCode": 200, "body": json.dumps(build(event))}
    except Exception:
        log.error(traceback.format_exc())
        return {"statusCode": 500, "body": json.dumps({"error": "export failed"})}
