import logging
import traceback

import boto3
from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse
from mangum import Mangum

app = FastAPI()
s3 = boto3.client("s3")
log = logging.getLogger(__name__)


@app.get("/reports/{name}")
def report(name: str):
    try:
        return s3.get_object(Bucket="reports", Key=name)["Body"].read()
    except Exception as e:
        log.error("report %s failed: %s", name, e)
        raise HTTPException(status_code=500, detail="the report could not be read")


@app.get("/summary")
def summary():
    try:
        return {"count": len(s3.list_objects_v2(Bucket="reports").get("Contents", []))}
    except Exception:
        log.error(traceback.format_exc())
        return JSONResponse(status_code=500, content={"error": "listing failed"})


handler = Mangum(app)
