DEBUG = False
ROOT_URLCONF = "docsite.urls"
INSTALLED_APPS = ["files"]
