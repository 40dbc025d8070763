"""Benchmarks of appwrite-account against raw httpx and the other Appwrite SDKs (`python -m bench`)."""
