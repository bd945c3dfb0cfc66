import os

import boto3
import pymysql

table = boto3.resource("dynamodb").Table(os.environ["FILTERS"])


def handler(event, context):
    saved = table.get_item(Key={"id": "daily"})["Item"]
    conn = pymysql.connect(host=os.environ["DB_HOST"], user="report", database="sales")
    with conn.cursor() as cur:
        # expect: code/no-sql-injection
        cur.execute("SELECT region, SUM(total) FROM orders WHERE " + saved["where"] + " GROUP BY region")
        return cur.fetchall()
