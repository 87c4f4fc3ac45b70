"""CP commands: one table (``table.COMMANDS``) of names, abbreviations, classes and handlers,
one module per command group; ``execute(user, line, out=None) -> rc``."""
