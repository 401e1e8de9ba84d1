"""Anticipated flows (indicators.md §10): the projection behind `marts.structural_forecast`."""

from askel.forecast.projection import MEASURES, project
from askel.forecast.tables import project_origins

__all__ = ["MEASURES", "project", "project_origins"]
