from aws_lambda_powertools.event_handler import APIGatewayHttpResolver

app = APIGatewayHttpResolver()
DOCS = "/opt/docs/"


@app.get("/docs/<name>")
def get_doc(name: str):
    # expect: code/no-path-traversal
    with open(DOCS + name) as f:
        return {"text": f.read()}


@app.post("/notes")
def save_note():
    note = app.current_event.json_body
    # expect: code/no-path-traversal
    with open("/tmp/" + note["title"], "w") as f:
        f.write(note["text"])
    return {"saved": True}


def lambda_handler(event, context):
    return app.resolve(event, context)
