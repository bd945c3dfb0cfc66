import stripe

# expect: code/no-hardcoded-secret
stripe.api_key = "sk_live_51Hx9QkLm2Vb7Tn4Rc8Yz3Wd6Pf1Gs5Ja0Ke"


def handler(event, context):
    return {"statusCode": 200, "body": str(stripe.Balance.retrieve())}
