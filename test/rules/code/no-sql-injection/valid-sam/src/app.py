import os

import pymysql

conn = pymysql.connect(host=os.environ["DB_HOST"])


def handler(event, context):
    name = event["queryStringParameters"]["name"]
    cur = conn.cursor()
    cur.execute("SELECT * FROM users WHERE name = %s", (name,))
    return {"statusCode": 200, "body": str(cur.fetchall())}
