"""Catalog's surfaces, one module each (base, tags, releases, evidence): `catalog.Catalog`
joins them. Each method is a call into the stage that does the work; stages are imported where
they are used, so a search or a listing loads no ingest machinery, PDF library or HTTP client."""
