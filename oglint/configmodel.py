"""The shape of oglint's configuration, as a pydantic model. Kept apart from `config` so a run without a
configuration file never imports pydantic (about 85 ms of start-up)."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, field_validator

from oglint import urls


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class OglintConfig(BaseModel):
    """`[tool.oglint]` in pyproject.toml, or the top level of oglint.toml / .oglint.toml."""

    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=False, strict=True)

    select: Optional[list[str]] = Field(None, description="codes or prefixes to check (default: ALL)")
    extend_select: list[str] = Field([], description="codes or prefixes added to select")
    ignore: list[str] = Field([], description="codes or prefixes not to check")
    extend_ignore: list[str] = Field([], description="codes or prefixes added to ignore")
    per_file_ignores: dict[str, list[str]] = Field({}, description="glob → codes or prefixes ignored there")
    severity: dict[str, Literal["error", "warning", "info"]] = Field({}, description="code or prefix → severity")
    include: list[str] = Field([], description="globs of extra files to check when walking folders")
    exclude: list[str] = Field([], description="globs of files and folders never to check")
    preset: str = Field("default", description="front-matter field mapping")
    site_url: Optional[str] = Field(None, description="the site's address: URL013 reports pages that name "
                                    "another host")
    max_file_size: PositiveInt = Field(10 * 1024 * 1024, description="bytes; larger files are FM013")
    rules: dict[str, dict[str, Any]] = Field({}, description="[rules.CODE] tables of rule options")

    @field_validator("site_url")
    @classmethod
    def _absolute_http_url(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not urls.is_absolute_http(value):
            raise ValueError("must be an absolute http(s) URL such as 'https://example.org'")
        return value

    @classmethod
    def keys(cls) -> list[str]:
        return [f.alias or name for name, f in cls.model_fields.items()]
