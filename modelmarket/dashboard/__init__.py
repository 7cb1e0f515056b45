"""The dashboard: web pages built from chain events only (catalog, assets, providers).

`events` reads the logs once per new block, `model` folds them into view models (pure, no chain),
`svg` draws the lineage graph and the payment plot, `pages` renders HTML, `server` serves it.
The library never imports the CLI; `modelmarket dashboard` (`modelmarket.cli.dashboard`) is its face.
"""
