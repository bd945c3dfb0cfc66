import json
import logging
import os

import boto3

log = logging.getLogger()
table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


def respond(status, payload):
    return {"statusCode": status, "body": json.dumps(payload)}


def handler(event, context):
    try:
        items = table.scan()["Items"]
        return respond(200, {"items": items})
    except Exception as e:
        log.exception("scan failed: %s", e)
        return respond(500, {"error": "internal error"})
