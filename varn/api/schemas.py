"""Shared pieces of the API's schemas."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict


def example(**values: Any) -> ConfigDict:
    """A schema's example in the OpenAPI document (checked by varn/api/tests/test_openapi.py)."""
    return ConfigDict(json_schema_extra={"examples": [values]})


def example_of(schema: Any) -> dict[str, Any]:
    """The example of a schema made with `example`, to build a larger one from it."""
    return schema.model_config["json_schema_extra"]["examples"][0]
