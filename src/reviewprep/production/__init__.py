"""Running reviewprep on Prefect's distributed machinery: server, work pool, Dask, alerts, health checks."""
