"""Recommendations from behaviour events: models, the blend, training and serving."""
