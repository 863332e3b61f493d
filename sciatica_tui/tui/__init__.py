"""The Textual app. Thin: every clinical rule and word comes from the engine and content/."""
