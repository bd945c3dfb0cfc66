"""SQS consumer of LoyaltyQueue (subscribed to OrderEventsTopic): credits loyalty points."""
import json
import os
from decimal import Decimal

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])
POINTS_PER_EURO = Decimal("1")


def customer_tier(customer_id):
    # The tier lives on the customer record; nothing in the message is trusted for it.
    item = TABLE.get_item(Key={"pk": f"CUSTOMER#{customer_id}", "sk": "PROFILE"}).get("Item") or {}
    return item.get("tier", "standard")


def points_for(order, tier):
    multiplier = Decimal("2") if tier == "gold" else Decimal("1")
    return int(Decimal(int(order["total"])) / 100 * POINTS_PER_EURO * multiplier)


def handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            envelope = json.loads(record["body"])
            message = json.loads(envelope["Message"])
            order = message["order"]
            TABLE.update_item(
                Key={"pk": f"CUSTOMER#{order['customerId']}", "sk": "LOYALTY"},
                UpdateExpression="ADD points :p",
                ExpressionAttributeValues={":p": points_for(order, customer_tier(order["customerId"]))},
            )
        except Exception as err:  # keep the rest of the batch going
            print(f"loyalty update failed for {record['messageId']}: {type(err).__name__}")
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
