import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/convert", methods=["POST"])
def convert():
    name = request.form["name"]
    # expect: code/no-command-injection
    subprocess.run(f"convert /tmp/{name} /tmp/out.png", shell=True)
    return "done"


def cleanup(event, context):
    subprocess.run(["rm", "-rf", "/tmp/cache"])
