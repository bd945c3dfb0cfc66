import json
import os

import boto3

client = boto3.client("dynamodb")


def handler(event, context):
    body = json.loads(event["body"])
    items = client.scan(
        TableName=os.environ["TABLE"],
        # expect: code/no-nosql-injection
        ScanFilter=body["filter"],
    )["Items"]
    return {"statusCode": 200, "body": json.dumps(items)}
