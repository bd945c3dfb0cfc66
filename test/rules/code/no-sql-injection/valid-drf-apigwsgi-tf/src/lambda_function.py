from apig_wsgi import make_lambda_handler
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
handler = make_lambda_handler(application)
