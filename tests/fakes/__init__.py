"""Small servers on 127.0.0.1 that speak provider APIs, for tests."""
