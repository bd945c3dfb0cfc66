import subprocess


def handler(event, context):
    host = event["queryStringParameters"]["host"]
    # expect: code/no-command-injection
    out = subprocess.check_output("ping -c 1 " + host, shell=True)
    return {"statusCode": 200, "body": out.decode()}
