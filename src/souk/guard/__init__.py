"""Guardrails: moderation, prompt-injection defence, PII redaction, scope, audit log."""
