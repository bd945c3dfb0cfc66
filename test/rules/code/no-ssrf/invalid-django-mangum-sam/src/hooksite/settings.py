ROOT_URLCONF = "hooksite.urls"
INSTALLED_APPS = ["hooks"]
