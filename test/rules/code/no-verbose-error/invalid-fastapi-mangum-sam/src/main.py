import traceback

import boto3
from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse
from mangum import Mangum

app = FastAPI()
s3 = boto3.client("s3")


@app.get("/reports/{name}")
def report(name: str):
    try:
        return s3.get_object(Bucket="reports", Key=name)["Body"].read()
    except Exception as e:
        # expect: code/no-verbose-error
        raise HTTPException(status_code=500, detail=str(e))


@app.get("/summary")
def summary():
    try:
        return {"count": len(s3.list_objects_v2(Bucket="reports").get("Contents", []))}
    except Exception:
        # expect: code/no-verbose-error
        return JSONResponse(status_code=500, content={"error": "listing failed", "trace": traceback.format_exc()})


handler = Mangum(app)
