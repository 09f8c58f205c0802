"""Rich renderables: each function returns one and prints nothing. Only imported when a person is reading."""
