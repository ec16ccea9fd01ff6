"""The guard around every assistant turn: input checks in order, output checks, all audited.

Input: PII is redacted (the conversation continues on the redacted text), then abuse, prompt
injection and out-of-scope requests are refused with a polite message in the shopper's language.
Output: PII is redacted, and an answer that quotes the system prompt is replaced.
"""

from __future__ import annotations

from dataclasses import dataclass

from souk.guard.audit import AuditLog
from souk.guard.injection import detect_injection
from souk.guard.moderation import moderate
from souk.guard.pii import redact
from souk.guard.policy import GuardPolicy, PolicyStore
from souk.guard.scope import ABUSE_REFUSAL, INJECTION_REFUSAL, REFUSAL, language_of, off_topic
from souk.store.store import Store


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    text: str  # the (redacted) text to continue with
    language: str
    rule: str | None = None
    refusal: str | None = None
    redacted: tuple[str, ...] = ()  # kinds of PII removed


class Guard:
    """Checks a turn's input (PII, moderation, injection, scope, policy) and output (leaks, PII),
    records every decision in the audit log; it never searches and never composes answers."""

    def __init__(self, store: Store) -> None:
        self.audit = AuditLog(store)
        self.policies = PolicyStore(store)

    def check_input(
        self,
        text: str,
        *,
        index_uid: str | None = None,
        actor: str | None = None,
        conversation_id: str | None = None,
        policy: GuardPolicy | None = None,
    ) -> Verdict:
        policy = policy or (self.policies.get(index_uid) if index_uid else GuardPolicy())
        language = language_of(text)
        kinds: tuple[str, ...] = ()
        if policy.pii_redaction:
            text, findings = redact(text)
            kinds = tuple(sorted({f.kind for f in findings}))
            if kinds:
                self._log(
                    "input", "pii", "redacted", index_uid, actor, conversation_id, ",".join(kinds)
                )

        def refuse(rule: str, messages: dict[str, str]) -> Verdict:
            self._log("input", rule, "refused", index_uid, actor, conversation_id, text)
            return Verdict(False, text, language, rule, messages[language], kinds)

        if policy.moderation:
            verdict = moderate(text, threshold=policy.profanity_threshold)
            if verdict.flagged:
                return refuse(f"moderation:{verdict.rule}", ABUSE_REFUSAL)
        if policy.injection:
            found = detect_injection(text)
            if found.flagged:
                return refuse(f"injection:{found.rule}", INJECTION_REFUSAL)
        if policy.scope:
            topic = off_topic(text, policy.blocked_topics)
            if topic is not None:
                return refuse("out_of_scope", REFUSAL)
        return Verdict(True, text, language, redacted=kinds)

    def check_output(
        self,
        text: str,
        *,
        secret: str = "",
        index_uid: str | None = None,
        actor: str | None = None,
        conversation_id: str | None = None,
    ) -> str:
        """The answer as it may leave: no PII, no passage of the system prompt."""
        if secret and _leaks(text, secret):
            self._log(
                "output", "system_prompt_leak", "replaced", index_uid, actor, conversation_id, text
            )
            return INJECTION_REFUSAL[language_of(text)]
        safe, findings = redact(text)
        if findings:
            kinds = ",".join(sorted({f.kind for f in findings}))
            self._log("output", "pii", "redacted", index_uid, actor, conversation_id, kinds)
        return safe

    def _log(
        self,
        stage: str,
        rule: str,
        action: str,
        index_uid: str | None,
        actor: str | None,
        conversation_id: str | None,
        detail: str | None,
    ) -> None:
        self.audit.record(
            stage=stage,
            rule=rule,
            action=action,
            index_uid=index_uid,
            actor=actor,
            conversation_id=conversation_id,
            detail=detail,
        )


def _leaks(text: str, secret: str, window: int = 40) -> bool:
    """Whether ``text`` contains any 40-character run of the secret (whitespace-insensitive)."""
    squeezed = " ".join(text.split()).lower()
    source = " ".join(secret.split()).lower()
    if len(source) < window:
        return bool(source) and source in squeezed
    return any(source[i : i + window] in squeezed for i in range(0, len(source) - window + 1, 10))
