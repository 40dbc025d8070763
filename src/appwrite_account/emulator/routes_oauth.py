"""OAuth2 sessions. Only the ``mock`` provider is enabled; its consent page is served by the emulator.

Browser flow (all on loopback):
``GET /v1/account/sessions/oauth2/mock`` -301-> ``/v1/emulator/oauth2/mock/authorize`` (consent page; pass
``decision=allow`` to skip the form) -302-> ``/v1/account/sessions/oauth2/callback/mock/<project>`` -301->
``/v1/account/sessions/oauth2/mock/redirect`` (creates the session, sets cookies) -301-> success URL.
"""

from __future__ import annotations

import html
import json
import secrets
from typing import Any, cast
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from .core import ROUTES, Ctx, EmulatorState, OAuthGrant, api, error_response
from .errors import AppwriteError
from .models import session_model
from .routes_account import new_user, save_user, session_for
from .routes_tokens import merge_query
from .validation import OAUTH_PROVIDERS, array_of, host, text, white_list

DEFAULT_SUCCESS_PATH = "/auth/oauth2/success"
DEFAULT_FAILURE_PATH = "/auth/oauth2/failure"
ACCESS_TOKEN_LIFETIME = 3600
GRANT_LIFETIME = 600
MAX_SCOPE_ECHO = 1024  # chars of the requested scopes passed on to the mock consent page
_NO_STORE = {"Cache-Control": "no-store, no-cache, must-revalidate, max-age=0", "Pragma": "no-cache"}


def _redirect(location: str, status: int = 301) -> Response:
    return RedirectResponse(location, status_code=status, headers=_NO_STORE)


@api("GET", "/v1/account/sessions/oauth2/{provider}", scope="public", limit=50, keys=("ip:{ip}",))
async def create_oauth2_session(ctx: Ctx) -> Response:
    provider = ctx.params.required("provider", white_list(OAUTH_PROVIDERS))
    success = ctx.params.optional("success", host(ctx.redirect_hosts))
    failure = ctx.params.optional("failure", host(ctx.redirect_hosts))
    scopes: list[str] = ctx.params.optional("scopes", array_of(text(4096), 100)) or []
    if provider != "mock":
        raise AppwriteError(
            "project_provider_disabled",
            "This provider is disabled. Please enable the provider from your Appwrite console to continue.",
        )
    state = {
        "success": success or ctx.base_url + DEFAULT_SUCCESS_PATH,
        "failure": failure or ctx.base_url + DEFAULT_FAILURE_PATH,
        "token": False,
    }
    scope = " ".join(scopes)
    if len(scope) > MAX_SCOPE_ECHO:  # only shown on the consent page; keeps the Location header readable
        scope = scope[:MAX_SCOPE_ECHO] + "..."
    query = {
        "client_id": ctx.project,
        "redirect_uri": f"{ctx.base_url}/v1/account/sessions/oauth2/callback/{provider}/{ctx.project}",
        "scope": scope,
        "state": json.dumps(state, separators=(",", ":")),
    }
    return _redirect(f"{ctx.base_url}/v1/emulator/oauth2/mock/authorize?{urlencode(query)}")


_CONSENT_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Mock OAuth2 consent</title></head>
<body style="font-family: sans-serif; max-width: 28em; margin: 3em auto">
<h1>Mock OAuth2 provider</h1>
<p>Project <b>{project}</b> asks to sign you in{scopes}.</p>
<form method="get" action="/v1/emulator/oauth2/mock/authorize">
{hidden}
<p><label>Email <input name="email" value="useroauth@localhost.test" size="30"></label></p>
<p><label>Name <input name="name" value="User Name" size="30"></label></p>
<button name="decision" value="allow">Allow</button>
<button name="decision" value="deny">Deny</button>
</form></body></html>
"""


async def mock_authorize(request: Request) -> Response:
    """The provider's consent step: show a form, or act at once when ``decision`` is given."""
    state: EmulatorState = request.app.state.emulator
    params = request.query_params
    redirect_uri, oauth_state = params.get("redirect_uri", ""), params.get("state", "")
    own_callback = f"{request.url.scheme}://{request.headers.get('host', '')}/v1/account/sessions/oauth2/callback/"
    if not redirect_uri.startswith(own_callback):
        # Only the emulator's own callback may receive codes.
        return error_response(AppwriteError("general_argument_invalid", "Invalid `redirect_uri` param"))
    decision = params.get("decision")
    if decision is None:
        hidden = "\n".join(
            f'<input type="hidden" name="{k}" value="{html.escape(params.get(k, ""))}">'
            for k in ("client_id", "redirect_uri", "scope", "state")
        )
        scope = params.get("scope", "")
        return HTMLResponse(
            _CONSENT_PAGE.format(
                project=html.escape(params.get("client_id", "")),
                scopes=f" (scopes: {html.escape(scope)})" if scope else "",
                hidden=hidden,
            )
        )
    if decision != "allow":
        query = {"error": "access_denied", "error_description": "The user denied consent", "state": oauth_state}
        return RedirectResponse(merge_query(redirect_uri, query), status_code=302)
    code = secrets.token_hex(16)
    grant = OAuthGrant(
        project=params.get("client_id", ""),
        email=params.get("email", "useroauth@localhost.test").strip().lower(),
        name=params.get("name", "User Name").strip(),
        expire=state.now() + GRANT_LIFETIME,
    )
    with state.oauth_lock:
        state.oauth_grants[code] = grant
    return RedirectResponse(merge_query(redirect_uri, {"code": code, "state": oauth_state}), status_code=302)


async def oauth2_callback(request: Request) -> Response:
    """Provider -> Appwrite hop: forward everything to the ``redirect`` route with the project added."""
    params = dict(request.query_params)
    if request.method == "POST":
        form = await request.body()
        params.update(parse_qsl(form.decode("utf-8", "replace")))
    provider, project = request.path_params["provider"], request.path_params["projectId"]
    query = {"project": project, **{k: params.get(k, "") for k in ("code", "state", "error", "error_description")}}
    base = f"{request.url.scheme}://{request.headers.get('host', '')}"
    return _redirect(f"{base}/v1/account/sessions/oauth2/{provider}/redirect?{urlencode(query)}")


ROUTES.append(Route("/v1/emulator/oauth2/mock/authorize", mock_authorize, methods=["GET"]))
ROUTES.append(
    Route("/v1/account/sessions/oauth2/callback/{provider}/{projectId}", oauth2_callback, methods=["GET", "POST"])
)


@api("GET", "/v1/account/sessions/oauth2/{provider}/redirect", scope="public")
async def oauth2_redirect(ctx: Ctx) -> Response:
    provider = ctx.params.required("provider", white_list(OAUTH_PROVIDERS))
    try:
        state: Any = json.loads(str(ctx.params.raw("state") or ""))
    except ValueError:
        state = None
    if not isinstance(state, dict):
        raise AppwriteError("general_server_error", "Failed to parse login state params as passed from OAuth2 provider")
    state = cast(dict[str, Any], state)
    urls = host(ctx.redirect_hosts)
    success, failure = state.get("success", ""), state.get("failure", "")
    if not urls.check(success):
        raise AppwriteError("project_invalid_success_url")
    if failure and not urls.check(failure):
        raise AppwriteError("project_invalid_failure_url")

    def fail(type_: str, message: str | None = None) -> Response:
        error = AppwriteError(type_, message)
        if not failure:
            raise error
        payload = {"message": message or error.message, "type": error.type, "code": error.declared}
        return _redirect(merge_query(str(failure), {"error": json.dumps(payload, separators=(",", ":"))}))

    error, description = ctx.params.raw("error"), ctx.params.raw("error_description")
    if error:
        message = f"The {provider.capitalize()} OAuth2 provider returned an error: {error}"
        return fail("user_oauth2_provider_error", f"{message}: {description}" if description else message)
    code = ctx.params.raw("code")
    if not code:
        message = "Missing OAuth2 code. Please contact the Appwrite team for additional support."
        return fail("user_oauth2_provider_error", message)
    with ctx.state.oauth_lock:
        grant = ctx.state.oauth_grants.pop(str(code), None)
    if grant is None or grant.expire < ctx.now or grant.project != ctx.project:
        return fail("user_oauth2_provider_error", "Failed to obtain access token. The code is invalid or expired.")

    provider_uid = "mock-" + grant.email
    user = ctx.store.find_user(ctx.project, email=grant.email)
    if user is None:
        user = new_user(ctx, "unique()", email=grant.email, name=grant.name, email_verification=True)
        ctx.log(user, "user.create")
    if not user.status:
        return fail("user_blocked")
    if not user.email_verification:
        user.email_verification = True  # the provider vouched for the address
        save_user(ctx, user)

    target = str(success)
    parts = urlsplit(target)
    response = _redirect(target)
    response, value = ctx.start_session(
        user,
        provider,
        provider_uid,
        response=response,
        access_token=secrets.token_hex(32),
        refresh_token=secrets.token_hex(32),
        access_expiry=ctx.now + ACCESS_TOKEN_LIFETIME,
    )
    if parts.path == DEFAULT_SUCCESS_PATH:
        # Non-browser clients read the session from the final URL (the server does this for the default path).
        query = {"project": ctx.project, "domain": "", "key": f"a_session_{ctx.project}", "secret": value}
        response.headers["location"] = merge_query(target, query)
    return response


@api("PATCH", "/v1/account/sessions/{sessionId}", scope="account", limit=10, keys=("url:{url},ip:{ip}",))
async def update_session(ctx: Ctx) -> Response:
    """Refresh the provider tokens of an OAuth session; other providers have no OAuth class -> 501."""
    session = session_for(ctx)
    if session.provider not in OAUTH_PROVIDERS:
        raise AppwriteError("project_provider_unsupported")
    session.provider_access_token = secrets.token_hex(32)
    session.provider_refresh_token = secrets.token_hex(32)
    session.provider_access_token_expiry = ctx.now + ACCESS_TOKEN_LIFETIME
    ctx.store.update_session(ctx.project, session)
    ctx.log(ctx.me(), "session.update")
    current = ctx.session is not None and session.id == ctx.session.id
    return ctx.json(session_model(session, current))
