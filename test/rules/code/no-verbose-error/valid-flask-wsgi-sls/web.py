import json
import logging
import traceback

from flask import Flask, jsonify, request

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.route("/report", methods=["POST"])
def report():
    try:
        rows = json.loads(request.data)["rows"]
        return jsonify(total=sum(r["amount"] for r in rows))
    except Exception as e:
        log.error("report failed: %s", e)
        return "internal error", 500


@app.get("/export")
def export():
    try:
        return jsonify(rows=[])
    except Exception:
        log.error(traceback.format_exc())
        return jsonify(error="internal error"), 500


@app.errorhandler(Exception)
def oops(err):
    log.exception(err)
    return {"error": "internal error"}, 500
