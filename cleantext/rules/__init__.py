"""Rule packs (TOML data shipped in ``packs/`` and ``sites/``) and the engine that runs them."""
