"""What an assessment becomes: the summary, its formats, the JSON form, the QR hand-off, about
and the question catalogue."""
