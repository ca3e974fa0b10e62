"""The yardstick of bench/compare.py: a bare FastAPI app with one `async def` route returning a
constant JSON object, served by plain uvicorn. Whatever ZEUES costs on top of this is ours."""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI()


@app.get("/noop")
async def noop() -> dict[str, str]:
    return {"status": "ok"}
