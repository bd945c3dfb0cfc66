import base64
import pickle


def handler(event, context):
    blob = event["body"]
    # expect: code/no-insecure-deserialization
    cart = pickle.loads(base64.b64decode(blob))
    return {"statusCode": 200, "body": str(len(cart))}
