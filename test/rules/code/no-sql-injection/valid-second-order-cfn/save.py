import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["FILTERS"])


def handler(event, context):
    body = json.loads(event["body"])
    table.put_item(Item={"id": body["id"], "where": body["where"]})
    return {"statusCode": 204}
