import json
import os

import boto3

client = boto3.client("dynamodb")


def handler(event, context):
    body = json.loads(event["body"])
    items = client.scan(
        TableName=os.environ["TABLE"],
        ScanFilter={"owner": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": body["owner"]}]}},
    )["Items"]
    return {"statusCode": 200, "body": json.dumps(items)}
