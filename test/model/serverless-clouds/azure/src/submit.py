def main(req):
    return "ok"
