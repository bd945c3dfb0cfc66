import urllib.parse
import urllib.request


def thumbnail(site):
    return urllib.request.urlopen("https://icons.example.com/" + urllib.parse.quote(site)).read()
