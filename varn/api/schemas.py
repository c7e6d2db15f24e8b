"""Shared pieces of the API's schemas."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict


def example(**values: Any) -> ConfigDict:
    """A schema's example in the OpenAPI document (checked by varn/api/tests/test_openapi.py)."""
    return ConfigDict(json_schema_extra={"examples": [values]})
