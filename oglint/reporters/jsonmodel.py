"""The JSON report's shape as pydantic models: the documentation and the source of `report.schema.json`.

Regenerate the shipped schema after changing a model:
    python -m oglint.reporters.jsonmodel > oglint/reporters/report.schema.json
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class JsonFinding(BaseModel):
    """One finding. Lines and columns are 1-based Unicode code points; `end_column` is exclusive."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="the file, relative to the working folder when below it, / separated")
    code: str = Field(description="the rule's stable code, e.g. URL012")
    name: str = Field(description="the rule's kebab-case name")
    severity: Literal["error", "warning", "info"]
    message: str = Field(description="what is wrong, with the offending value quoted")
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    end_line: int = Field(ge=1)
    end_column: int = Field(ge=1)
    fixable: bool
    related: list[str] = Field(description="other documents involved (cross-document rules)")
    fingerprint: str = Field(description="stable identity: path, code, offending text and its occurrence; "
                                         "unchanged when unrelated lines move")


class JsonSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    files: int = Field(ge=0, description="documents checked")
    findings: int = Field(ge=0)
    errors: int = Field(ge=0)
    warnings: int = Field(ge=0)
    infos: int = Field(ge=0)
    internal_errors: list[str] = Field(description="rules that crashed; the exit code is then 2")
    version: str = Field(description="oglint's version")
    schema_version: Literal[1] = Field(description="bumped when this shape changes incompatibly")


class JsonReport(BaseModel):
    """oglint's JSON report (`oglint check --format json`)."""

    model_config = ConfigDict(extra="forbid", title="oglint JSON report")

    findings: list[JsonFinding]
    summary: JsonSummary


def schema() -> dict:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **JsonReport.model_json_schema()}


if __name__ == "__main__":
    print(json.dumps(schema(), indent=2))
