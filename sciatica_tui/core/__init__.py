"""The UI-free core: content objects, conditions, the engine, answers, the interview session,
check-in, the demo replay and the wording."""
