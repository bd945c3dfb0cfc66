import os
import uuid

import boto3

s3 = boto3.client("s3")


def handler(event, context):
    key = f"incoming/{uuid.uuid4()}.yaml"
    s3.put_object(Bucket=os.environ["BUCKET"], Key=key, Body=event["body"])
    return {"statusCode": 201, "body": key}
