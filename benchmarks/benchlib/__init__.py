"""Shared helpers of the benchmark scripts: deployments, servers, load, memory, reports."""
