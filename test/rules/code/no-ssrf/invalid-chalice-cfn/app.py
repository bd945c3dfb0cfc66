import requests
from chalice import Chalice

from chalicelib.thumbs import thumbnail

app = Chalice(app_name="preview")


@app.route("/preview")
def preview():
    url = app.current_request.query_params.get("url")
    # expect: code/no-ssrf
    page = requests.get(url, timeout=5)
    return {"title": page.text[:80]}


@app.route("/thumb/{site}", methods=["POST"])
def thumb(site):
    return thumbnail(site)
