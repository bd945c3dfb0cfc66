import json


def handler(event, context):
    cart = json.loads(event["body"])
    return {"statusCode": 200, "body": str(len(cart))}
