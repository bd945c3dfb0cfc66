import subprocess


def gallery(request):
    return "ok"


def upload(request):
    subprocess.run("convert " + request.args.get("name"), shell=True)
    return "ok"


def thumbnail(event, context):
    print(event["name"])
