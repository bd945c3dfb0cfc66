import json
import os

import boto3

s3 = boto3.client("s3")


def handler(event, context):
    key = "incoming/" + event["queryStringParameters"]["name"] + ".yaml"
    s3.put_object(Bucket=os.environ["BUCKET"], Key=key, Body=json.dumps({"received": True}))
    return {"statusCode": 201, "body": key}
