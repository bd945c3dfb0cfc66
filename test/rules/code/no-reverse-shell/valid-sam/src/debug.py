import json
import socket
import subprocess


def handler(event, context):
    target = json.loads(event["body"])
    s = socket.create_connection(("status.example.com", 443))
    s.sendall(json.dumps({"probe": target.get("name", "")}).encode())
    out = subprocess.run(["/bin/sh", "-c", "df -h /tmp"], capture_output=True)
    return {"statusCode": 200, "body": out.stdout.decode()}
