"""Synthetic-data bounties: specs, generators, a deterministic validator score, and the commitments
`DataBounties` checks (one module per job; the CLI and the demo call these)."""
