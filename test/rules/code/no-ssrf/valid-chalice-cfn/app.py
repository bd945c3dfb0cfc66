import requests
from chalice import Chalice

from chalicelib.thumbs import thumbnail

app = Chalice(app_name="preview")


@app.route("/preview")
def preview():
    url = app.current_request.query_params.get("url")
    page = requests.get("https://preview.example.com/v1/title", params={"url": url}, timeout=5)
    return {"title": page.text[:80]}


@app.route("/thumb/{site}", methods=["POST"])
def thumb(site):
    return thumbnail(site)
