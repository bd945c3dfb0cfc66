import json
import traceback

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/report", methods=["POST"])
def report():
    try:
        rows = json.loads(request.data)["rows"]
        return jsonify(total=sum(r["amount"] for r in rows))
    except Exception as e:
        # expect: code/no-verbose-error
        return str(e), 500


@app.get("/export")
def export():
    try:
        return jsonify(rows=[])
    except Exception:
        # expect: code/no-verbose-error
        return jsonify(error=traceback.format_exc()), 500


@app.errorhandler(Exception)
def oops(err):
    # expect: code/no-verbose-error
    return {"error": repr(err)}, 500
