"""Prefect flows: thin orchestration over reviewprep's plain functions."""
