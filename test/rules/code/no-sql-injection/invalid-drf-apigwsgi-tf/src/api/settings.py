ROOT_URLCONF = "api.urls"
INSTALLED_APPS = ["rest_framework", "catalog"]
