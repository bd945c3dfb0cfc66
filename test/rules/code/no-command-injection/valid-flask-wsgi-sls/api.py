import shlex
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/health")
def health():
    return jsonify(ok=True)


@app.route("/ping", methods=["POST"])
def ping():
    host = request.get_json()["host"]
    out = subprocess.check_output(["ping", "-c", "1", host])
    return out


@app.get("/dig/<name>")
def dig(name):
    return subprocess.run(["dig", "+short", name], capture_output=True).stdout


@app.get("/trace")
def trace():
    target = request.args.get("target", "")
    return subprocess.getoutput("traceroute " + shlex.quote(target))
