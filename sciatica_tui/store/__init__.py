"""Files on this machine: paths, the private-file writer, history, settings and the staff PIN."""
