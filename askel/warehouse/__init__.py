"""The DuckDB warehouse: raw-layer schema and connection helpers."""
