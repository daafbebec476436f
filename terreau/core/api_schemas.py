"""What every part of the JSON API answers alike."""

from ninja import Field, Schema


class ErrorOut(Schema):
    """A refusal: 400, 403, 404… with its reason for the person."""

    detail: str = Field(description="Explication en français.")
