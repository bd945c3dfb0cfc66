import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


def respond(status, payload):
    # expect: code/no-verbose-error
    return {"statusCode": status, "body": json.dumps(payload)}


def handler(event, context):
    try:
        items = table.scan()["Items"]
        return respond(200, {"items": items})
    except Exception as e:
        return respond(500, {"error": str(e)})
