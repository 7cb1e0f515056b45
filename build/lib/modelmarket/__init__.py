"""modelmarket: on-chain marketplace for AI models and datasets."""

__version__ = "0.1.0"
