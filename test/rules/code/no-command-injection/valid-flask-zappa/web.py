import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/convert", methods=["POST"])
def convert():
    name = request.form["name"]
    subprocess.run(["convert", "--", f"/tmp/{name}", "/tmp/out.png"])
    return "done"


def cleanup(event, context):
    subprocess.run(["rm", "-rf", "/tmp/cache"])
