"""Smart-city view: the six dimensions, the indicators modules declare in their manifests,
their snapshots in the control plane (numbers only, with history), what a regency publishes,
and comparisons between regencies. Knows no module by name."""
