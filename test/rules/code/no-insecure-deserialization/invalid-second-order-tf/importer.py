import boto3
import yaml

s3 = boto3.client("s3")


def handler(event, context):
    for record in event["Records"]:
        bucket = record["s3"]["bucket"]["name"]
        obj = s3.get_object(Bucket="docs-inbox", Key=record["s3"]["object"]["key"])
        # expect: code/no-insecure-deserialization
        doc = yaml.load(obj["Body"].read(), Loader=yaml.Loader)
        print(bucket, len(doc))
