"""Evaluation: relevance on graded judgments (and, later, recommendations)."""
