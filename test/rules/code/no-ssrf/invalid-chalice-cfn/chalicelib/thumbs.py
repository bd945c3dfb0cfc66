import urllib.request


def thumbnail(site):
    # expect: code/no-ssrf
    return urllib.request.urlopen("https://" + site + "/favicon.ico").read()
