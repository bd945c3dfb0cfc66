from mangum import Mangum

from hooksite.asgi import application

handler = Mangum(application, lifespan="off")
