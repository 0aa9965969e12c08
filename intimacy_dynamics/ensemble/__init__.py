"""Many simulations at once: vectorized integration of heterogeneous ensembles."""
