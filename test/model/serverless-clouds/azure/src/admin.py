def purge(req):
    return "ok"
