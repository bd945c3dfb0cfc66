import os

from flask import Flask, request, send_file
from flask.views import MethodView
from werkzeug.utils import secure_filename

app = Flask(__name__)
ROOT = "/var/task/reports"


class ReportView(MethodView):
    def get(self, year):
        name = secure_filename(request.args["name"])
        return send_file(os.path.join(ROOT, str(year), name))

    def delete(self, year):
        os.remove(ROOT + "/" + secure_filename(request.args["name"]))
        return "", 204


app.add_url_rule("/reports/<int:year>", view_func=ReportView.as_view("reports"))
