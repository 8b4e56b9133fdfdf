"""One module per source. Each has a pure `parse(path)`: a file in, a tidy frame out, keys verified."""
