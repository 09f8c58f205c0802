"""`fwmy browse`: search as you type, read, mark, compare and export in a full-screen reader (Textual).

Only the browse command imports this package, inside its function; Textual is imported here and nowhere
else (pyproject.toml, the optional libraries contract).
"""
