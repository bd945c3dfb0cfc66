import json
import traceback


def build(event):
    return {"rows": json.loads(event["body"])["rows"]}


def handler(event, context):
    try:
        return {"statusCode": 200, "body": json.dumps(build(event))}
    except Exception:
        # expect: code/no-verbose-error
        return {"statusCode": 500, "body": traceback.format_exc()}
