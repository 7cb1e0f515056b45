"""The modelmarket demo: a whole marketplace loop on one chain (`make demo`, `ape run demo`).

A face of the library like the CLI: it imports `modelmarket`, and `modelmarket` never imports it.
"""
