import subprocess


def handler(event, context):
    host = event["queryStringParameters"]["host"]
    out = subprocess.check_output(["ping", "-c", "1", host])
    return {"statusCode": 200, "body": out.decode()}
