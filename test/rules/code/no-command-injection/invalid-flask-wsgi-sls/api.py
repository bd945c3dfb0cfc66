import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/health")
def health():
    return jsonify(ok=True)


@app.route("/ping", methods=["POST"])
def ping():
    host = request.get_json()["host"]
    # expect: code/no-command-injection
    out = subprocess.check_output(f"ping -c 1 {host}", shell=True)
    return out


@app.get("/dig/<name>")
def dig(name):
    # expect: code/no-command-injection
    return subprocess.run("dig +short " + name, shell=True, capture_output=True).stdout


@app.get("/trace")
def trace():
    target = request.args.get("target", "")
    # expect: code/no-command-injection
    return subprocess.getoutput("traceroute " + target)
