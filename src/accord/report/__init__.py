"""Reports: terminal tables (rich), and later HTML and figures.

Modules:
    text    rich rendering of each command's result
"""
