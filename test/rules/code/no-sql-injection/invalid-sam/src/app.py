import os

import pymysql

conn = pymysql.connect(host=os.environ["DB_HOST"])


def handler(event, context):
    name = event["queryStringParameters"]["name"]
    cur = conn.cursor()
    # expect: code/no-sql-injection
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
    return {"statusCode": 200, "body": str(cur.fetchall())}
