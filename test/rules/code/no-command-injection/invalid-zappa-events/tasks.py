import os
import subprocess


def on_upload(event, context):
    key = event["Records"][0]["s3"]["object"]["key"]
    # expect: code/no-command-injection
    subprocess.run("gzip /tmp/" + key, shell=True)


def on_message(event, context):
    for record in event["Records"]:
        # expect: code/no-command-injection
        os.system("transcode " + record["body"])


def nightly(event, context):
    os.system("find /tmp -mtime +1 -delete")
