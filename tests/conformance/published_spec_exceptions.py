"""The ONE list of places where the SDK's requests may differ from Appwrite's published 1.4 spec, with reasons.

Every request the SDK sends in `test_prism.py` is validated by Prism (`--errors`) against
`../shared/reference/appwrite-1.4-account-subset.json`. Where the published spec is wrong about the real server
(see `../shared/reference/APPWRITE-1.4-ACCOUNT-CONTRACT.md`, "the digest"), or where the SDK knowingly does
something the spec does not describe, the check is kept and the difference is handled here and only here:

* `rewrite` exceptions change the request in one narrow, stated way before Prism sees it (so Prism still validates
  everything else about it), and only for the listed operations;
* `expect-401` exceptions keep the request as sent and assert the exact answer Prism gives instead of success.

An exception that no request needed any more fails the run (`test_every_exception_is_still_needed`), so this
list cannot go stale. Keep it short; every entry says why and where in the digest the reason is written.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PublishedSpecException:
    kind: str  # "rewrite" or "expect-401"
    operations: frozenset[str]  # operationIds it may apply to
    what: str  # exactly what is done about it
    reason: str
    digest: str  # where the digest says so
    fix: str = ""  # a pending change that would make the entry unnecessary (empty: the published spec is wrong)


_JWT_ROUTES = frozenset(
    {
        "accountGet",
        "accountUpdateEmail",
        "accountListLogs",
        "accountUpdateName",
        "accountUpdatePassword",
        "accountUpdatePhone",
        "accountGetPrefs",
        "accountUpdatePrefs",
        "accountCreateRecovery",
        "accountUpdateRecovery",
        "accountListSessions",
        "accountDeleteSessions",
        "accountGetSession",
        "accountUpdateSession",
        "accountDeleteSession",
        "accountUpdateStatus",
        "accountCreateVerification",
        "accountUpdateVerification",
        "accountCreatePhoneVerification",
        "accountUpdatePhoneVerification",
    }
)

EXCEPTIONS: dict[str, PublishedSpecException] = {
    "array-query-brackets": PublishedSpecException(
        kind="rewrite",
        operations=frozenset({"accountListLogs", "accountCreateOAuth2Session"}),
        what="`queries[]=a&queries[]=b` (`scopes[]=...`) is renamed to `queries=a&queries=b` before Prism sees it, "
        "so Prism validates the values as the published array parameter.",
        reason="The published spec names the array parameters `queries` / `scopes` (form, exploded), but the server "
        "is PHP: a plain repeated `queries=` arrives as one string and is rejected (`Queries must be an array`); "
        "only `queries[]=` (or `queries[0]=`) arrives as a list. The SDK sends the brackets, as our spec says "
        "(x-deviations `param-name ... queries->queries[]`). Prism ignores unknown query names, so without the "
        "rename it would check nothing.",
        digest="§2.1, 'How the server validates parameters' (array params in a query string)",
    ),
    "oauth2-project-in-query": PublishedSpecException(
        kind="rewrite",
        operations=frozenset({"accountCreateOAuth2Session"}),
        what="The `project` query parameter of the URL `create_oauth2_session` returns is moved into the "
        "`X-Appwrite-Project` header before Prism sees the request.",
        reason="OAuth2 is a browser flow: the SDK returns a URL for a browser to open and a browser sends no custom "
        "headers, so the project travels as the `project` query parameter, which the server accepts; the "
        "published spec only knows the header form of the `Project` scheme.",
        digest="§4 (`Project`: 'The server also accepts a `project` query/body param'); §2 note on the 301",
    ),
    "session-not-in-published-security": PublishedSpecException(
        kind="expect-401",
        operations=_JWT_ROUTES,
        what="Signed in with a session (the `X-Fallback-Cookies` header) and no JWT, these requests get Prism's "
        "401 'Invalid security scheme used'; the test asserts exactly that. Signed in with a JWT, the same "
        "operations must pass Prism with no exception.",
        reason="The published spec requires `Project` AND `JWT`; Appwrite means project plus a session cookie OR a "
        "JWT, and the spec does not model the session at all (our spec: x-deviations `security "
        "session-or-jwt`). Four of these routes (createRecovery, updateRecovery, updateVerification, "
        "updatePhoneVerification) are even `scope: public` on the server, so a guest may call them; the "
        "published spec demands a JWT there too.",
        digest="§2 ('security (spec)' paragraph and table), §4, §5(a)",
    ),
}


def applies(exception_id: str, operation_id: str) -> bool:
    return operation_id in EXCEPTIONS[exception_id].operations
