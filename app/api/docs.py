"""The API's own documents, public like a login page: the OpenAPI document and a documentation page (Swagger
UI from the swagger-ui-bundle package, served from here: no CDN, and it passes the app's CSP, its start-up
script being a file of our own)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from app.api.spec import openapi_document

docs = Blueprint("api_docs", __name__, url_prefix="/api/v1")

# The files of Swagger UI the page loads; nothing else of the package is served.
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js"})


@docs.get("/openapi.json")
def openapi():
    document = current_app.extensions.get("naleving.openapi")
    if document is None:
        document = current_app.extensions["naleving.openapi"] = openapi_document()
    return current_app.json.response(document)


@docs.get("/docs")
def page():
    return render_template("api/docs.html")


@docs.get("/docs/assets/<name>")
def asset(name: str):
    if name not in ASSETS:
        abort(404)
    response = send_from_directory(Path(swagger_ui_path), name, max_age=24 * 3600)
    return response
