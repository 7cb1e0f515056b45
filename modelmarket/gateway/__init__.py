"""The provider gateway: sells a model's inferences over HTTP for modelmarket vouchers (x402).

Modules with one job each: :mod:`.model` (the served classifier), :mod:`.wire` (x402 headers),
:mod:`.store` (the durable voucher book), :mod:`.gate` (admission), :mod:`.settler` (batch
redemption), :mod:`.watch` (consumers leaving), :mod:`.app` (the ASGI app), :mod:`.chain`
(wiring to a deployment through Ape), :mod:`.server` (uvicorn in a thread), :mod:`.process`
(``modelmarket serve`` as a child process), :mod:`.faults` (crash points for the kill -9 tests).
"""
