"""Dagster definitions of askel: assets, checks, jobs, schedule and sensor."""
