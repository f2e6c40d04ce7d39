"""Beyond one machine: the checker on a Dask cluster (the `dask` extra)."""
