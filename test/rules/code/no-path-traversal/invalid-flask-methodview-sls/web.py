import os

from flask import Flask, request, send_file
from flask.views import MethodView

app = Flask(__name__)
ROOT = "/var/task/reports"


class ReportView(MethodView):
    def get(self, year):
        name = request.args["name"]
        # expect: code/no-path-traversal
        return send_file(os.path.join(ROOT, str(year), name))

    def delete(self, year):
        # expect: code/no-path-traversal
        os.remove(ROOT + "/" + request.args["name"])
        return "", 204


app.add_url_rule("/reports/<int:year>", view_func=ReportView.as_view("reports"))
