"""SQS consumer of LoyaltyQueue (subscribed to OrderEventsTopic): credits loyalty points."""
import base64
import json
import os
import pickle
from decimal import Decimal

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])
POINTS_PER_EURO = Decimal("1")


def load_profile(message):
    # Orders placed through the old Django shop carry the customer profile as a pickled object.
    blob = message.get("profile")
    if not blob:
        return {"tier": "standard"}
    return pickle.loads(base64.b64decode(blob))


def points_for(order, profile):
    multiplier = Decimal("2") if profile.get("tier") == "gold" else Decimal("1")
    return int(Decimal(order["total"]) / 100 * POINTS_PER_EURO * multiplier)


def handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            envelope = json.loads(record["body"])
            message = json.loads(envelope["Message"])
            order = message["order"]
            profile = load_profile(message)
            TABLE.update_item(
                Key={"pk": f"CUSTOMER#{order['customerId']}", "sk": "LOYALTY"},
                UpdateExpression="ADD points :p",
                ExpressionAttributeValues={":p": points_for(order, profile)},
            )
        except Exception as err:  # keep the rest of the batch going
            print(f"loyalty update failed for {record['messageId']}: {err}")
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
