import os

import pymysql
from fastapi import Depends, FastAPI, Request
from mangum import Mangum

app = FastAPI()


def get_db():
    return pymysql.connect(host=os.environ["DB_HOST"], user="app", database="shop")


@app.get("/items/{item_id}")
def read_item(item_id: str, db=Depends(get_db)):
    cur = db.cursor()
    # expect: code/no-sql-injection
    cur.execute(f"SELECT * FROM items WHERE id = '{item_id}'")
    return cur.fetchone()


@app.get("/search")
async def search(request: Request, limit: int = 10):
    term = request.query_params.get("term")
    cur = get_db().cursor()
    # expect: code/no-sql-injection
    cur.execute("SELECT * FROM items WHERE name LIKE '%" + term + "%' LIMIT 10")
    return cur.fetchall()


handler = Mangum(app)
