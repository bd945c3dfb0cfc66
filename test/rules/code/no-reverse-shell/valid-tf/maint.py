import os
import socket
import subprocess


def handler(event, context):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect((os.environ["CALLBACK_HOST"], 9001))
    usage = subprocess.run(["/bin/sh", "-c", "du -sh /tmp"], capture_output=True).stdout
    s.sendall(usage)
