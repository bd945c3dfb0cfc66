import os
import subprocess


def on_upload(event, context):
    key = event["Records"][0]["s3"]["object"]["key"]
    subprocess.run(["gzip", "--", "/tmp/" + key])


def on_message(event, context):
    for record in event["Records"]:
        subprocess.run(["transcode", "--", record["body"]])


def nightly(event, context):
    os.system("find /tmp -mtime +1 -delete")
