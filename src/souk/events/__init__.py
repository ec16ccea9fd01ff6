"""Behaviour events: the event model, their store, search logs, click signals, analytics."""
