"""Secrets (passwords, session secrets, JWTs, token secrets) never show in repr, str, logs or error messages."""

from __future__ import annotations

import logging

import httpx
import pytest
import respx

from appwrite_account import Account, AppwriteError, Client, InvalidInputError
from appwrite_account.models import Jwt, Session, Token

ENDPOINT = "http://127.0.0.1:8080/v1"
PASSWORD = "hunter2-very-secret"
SESSION_SECRET = "c2Vzc2lvbi1zZWNyZXQtdmFsdWU="
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VySWQiOiJ1In0.sig-secret"


def test_models_with_secrets_redact_them_in_repr_and_str_but_keep_the_value() -> None:
    token = Token.model_validate(
        {
            "$id": "t",
            "$createdAt": "2024-01-01T00:00:00.000+00:00",
            "userId": "u",
            "secret": "tok-secret",
            "expire": "2024-01-01T01:00:00.000+00:00",
        }
    )
    jwt = Jwt(jwt=JWT)
    for model, secret in ((token, "tok-secret"), (jwt, JWT)):
        assert secret not in repr(model) and secret not in str(model)
    assert token.secret == "tok-secret" and jwt.jwt == JWT
    assert "secret=''" in repr(Token.model_validate({**token.to_dict(), "secret": ""}))  # empty: nothing to hide
    assert "provider_access_token" in Session.__pydantic_fields__ and "provider_access_token" in Session._secret_fields


def test_a_full_flow_at_debug_level_leaks_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    seen: list[str] = []
    with respx.mock(base_url=ENDPOINT) as mock:
        mock.post("/account/sessions/email").respond(
            201, json={"$id": "s"}, headers={"X-Fallback-Cookies": f'{{"a_session_demo":"{SESSION_SECRET}"}}'}
        )
        mock.get("/account").respond(401, json={"message": "bad", "code": 401, "type": "user_jwt_invalid"})
        mock.post("/account/jwt").mock(side_effect=httpx.ConnectError("refused"))
        with Client(ENDPOINT, "demo", jwt=JWT, key="api-key-secret") as client:
            account = Account(client)
            seen += [repr(client), str(client)]
            for action in (
                lambda: account.create_email_session(email="ada@example.com", password=PASSWORD),
                lambda: account.get(),
                lambda: account.create_jwt(max_retries=1),
                lambda: account.update_password(password="short", old_password=PASSWORD),
            ):
                with pytest.raises(AppwriteError) as err:
                    action()
                seen += [str(err.value), repr(err.value), *map(str, err.value.args)]
            assert client.has_session  # the secret was captured, so there was one to leak
            seen += [repr(client.session_store)]
    with pytest.raises(InvalidInputError):
        Account(Client(ENDPOINT, "demo")).update_recovery(
            user_id="u", secret="", password=PASSWORD, password_again=PASSWORD
        )
    seen += [record.getMessage() for record in caplog.records]
    assert any("retrying" in line for line in seen)  # DEBUG logging was really on
    for secret in (PASSWORD, SESSION_SECRET, JWT, "api-key-secret"):
        assert not [line for line in seen if secret in line], secret


# -- full flows against the emulator, every log line and every exception scanned ----------------------------

emulator_missing = False
try:
    from appwrite_account import emulator as _emulator
except ImportError:  # pragma: no cover - the emulator extra is not installed
    emulator_missing = True

BROWSER_THREAD = "secrets-fake-browser"


@pytest.fixture(scope="module")
def emulator_endpoint():
    if emulator_missing:
        pytest.skip("the emulator extra is not installed")
    with _emulator.run_in_thread(_emulator.EmulatorConfig(port=0, rate_limits=False, quiet=True)) as running:
        yield running.endpoint


class Collected:
    """Everything a user could see: log lines (any logger, any level), exception texts, reprs."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, *texts: object) -> None:
        self.lines.extend(str(t) for t in texts)

    def error(self, exc: BaseException) -> None:
        self.add(str(exc), repr(exc), *exc.args)
        cause = exc.__cause__
        if cause is not None:
            self.add(str(cause), repr(cause))

    def leaks(self, secret: str) -> list[str]:
        return [line for line in self.lines if secret and secret in line]


def _browser(url: str) -> bool:
    """The emulator's mock provider, clicked through by a thread, as a browser would."""
    import threading
    from urllib.parse import urlencode

    def visit() -> None:
        first = httpx.get(url)
        consent = first.headers["location"]
        httpx.get(f"{consent}&{urlencode({'decision': 'allow'})}", follow_redirects=True)

    threading.Thread(target=visit, name=BROWSER_THREAD, daemon=True).start()
    return True


@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_full_emulator_flows_at_debug_leak_no_secret(
    flavour: str, emulator_endpoint: str, caplog: pytest.LogCaptureFixture
) -> None:
    import uuid

    from appwrite_account import AsyncAccount, AsyncClient, MemorySessionStore
    from appwrite_account._jwt import AsyncJWTSource, JWTSource
    from appwrite_account._oauth2 import async_oauth2_login, oauth2_login
    from appwrite_account._session import session_key

    async def call(value):
        import inspect

        return await value if inspect.isawaitable(value) else value

    caplog.set_level(logging.DEBUG)  # the root logger: httpx, httpcore and the SDK all at DEBUG
    seen = Collected()
    project = f"secrets-{uuid.uuid4().hex[:8]}"
    email = f"leak-{uuid.uuid4().hex[:8]}@example.com"
    new_password = "an0ther-Secret-passw0rd"
    store = MemorySessionStore()
    is_async = flavour == "async"
    client = (AsyncClient if is_async else Client)(emulator_endpoint, project, session_store=store)
    account = AsyncAccount(client) if is_async else Account(client)
    secrets: list[str] = [PASSWORD, new_password]

    async def expect_error(action) -> None:
        with pytest.raises(AppwriteError) as err:
            await call(action())
        seen.error(err.value)

    try:
        await call(account.create(user_id="unique()", email=email, password=PASSWORD, name="Leak Test"))
        session = await call(account.create_email_session(email=email, password=PASSWORD))
        seen.add(repr(session), str(session), repr(client), repr(store))
        session_secret = store.load(session_key(emulator_endpoint, project))
        assert session_secret
        secrets.append(session_secret)

        jwts = (AsyncJWTSource if is_async else JWTSource)(account)
        jwt = await call(jwts.get())
        secrets.append(jwt)
        seen.add(repr(jwts), repr(await call(account.create_jwt())))
        backend = (AsyncClient if is_async else Client)(emulator_endpoint, project, jwt=jwt)
        seen.add(repr(backend))
        backend_account = AsyncAccount(backend) if is_async else Account(backend)
        await call(backend_account.get())
        await call(backend.aclose() if is_async else backend.close())

        await expect_error(lambda: account.update_password(password=new_password, old_password="wrong-" + PASSWORD))
        await call(account.update_password(password=new_password, old_password=PASSWORD))
        await expect_error(lambda: account.create_email_session(email=email, password=PASSWORD))
        await expect_error(
            lambda: account.update_recovery(user_id="u", secret="", password=PASSWORD, password_again=PASSWORD)
        )

        # Magic URL: the token secret travels in the link and the PUT body only.
        await call(account.create_magic_url_session(user_id="unique()", email=email))
        message = httpx.get(f"{emulator_endpoint}/emulator/messages", params={"to": email}).json()[-1]
        secrets.append(message["secret"])
        await expect_error(lambda: account.update_magic_url_session(user_id=message["user_id"], secret="0" * 64))
        await call(account.update_magic_url_session(user_id=message["user_id"], secret=message["secret"]))
        secrets.append(store.load(session_key(emulator_endpoint, project)) or "")

        # OAuth2 from a terminal: the secret arrives in the redirect's query string.
        login = async_oauth2_login if is_async else oauth2_login
        await call(login(account, "mock", opener=_browser, timeout=30))
        oauth_secret = store.load(session_key(emulator_endpoint, project)) or ""
        assert oauth_secret and oauth_secret not in secrets
        secrets.append(oauth_secret)
        await call(account.get())

        await call(account.delete_sessions())
        await expect_error(lambda: account.get())
        jwts.invalidate()
        await expect_error(jwts.get)  # signed out: no new JWT, and the error shows no secret
    finally:
        await call(client.aclose() if is_async else client.close())

    seen.add(*(r.getMessage() for r in caplog.records if r.threadName != BROWSER_THREAD))
    seen.add(*(str(r.exc_info[1]) for r in caplog.records if r.exc_info and r.threadName != BROWSER_THREAD))
    # DEBUG logging of all three layers was really on, and the session headers were really logged (masked).
    assert any(r.name == "appwrite_account" for r in caplog.records)
    assert any(r.name.startswith("httpcore") for r in caplog.records)
    for secret in secrets:
        assert not seen.leaks(secret), (secret[:6], seen.leaks(secret)[:3])
    assert any("x-fallback-cookies" in line.lower() and "<redacted>" in line for line in seen.lines)


# -- TLS ---------------------------------------------------------------------------------------------------


def _self_signed_server():
    """An HTTPS server on 127.0.0.1 with a freshly made self-signed certificate, answering a user JSON."""
    import datetime as dt
    import http.server
    import ipaddress
    import json
    import ssl
    import tempfile
    import threading

    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(key, hashes.SHA256())
    )
    folder = tempfile.mkdtemp()
    cert_path, key_path = f"{folder}/cert.pem", f"{folder}/key.pem"
    with open(cert_path, "wb") as fh:
        fh.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as fh:
        fh.write(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    from unit import factories  # tests/ is on sys.path (rootdir-relative test module)

    body = json.dumps(factories.user()).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_tls_is_verified_unless_self_signed_and_only_for_that_client() -> None:
    import ssl

    from appwrite_account import APIConnectionError

    server = _self_signed_server()
    endpoint = f"https://127.0.0.1:{server.server_address[1]}/v1"
    default_context = ssl._create_default_https_context
    try:
        with (
            Client(endpoint, "demo", max_retries=0) as strict,
            Client(endpoint, "demo", max_retries=0, self_signed=True) as lenient,
        ):
            with pytest.raises(APIConnectionError) as info:
                Account(strict).get()
            assert "CERTIFICATE_VERIFY_FAILED" in str(info.value) or "certificate" in str(info.value).lower()
            assert Account(lenient).get().id  # the self-signed certificate is accepted here...
            with pytest.raises(APIConnectionError):
                Account(strict).get()  # ...and still refused by the other client
        with Client(endpoint, "demo", max_retries=0) as later, pytest.raises(APIConnectionError):
            Account(later).get()  # nor did it change a process-wide default
        assert ssl._create_default_https_context is default_context
    finally:
        server.shutdown()
        server.server_close()


async def test_tls_self_signed_async_is_per_client() -> None:
    from appwrite_account import APIConnectionError, AsyncAccount, AsyncClient

    server = _self_signed_server()
    endpoint = f"https://127.0.0.1:{server.server_address[1]}/v1"
    try:
        async with (
            AsyncClient(endpoint, "demo", max_retries=0) as strict,
            AsyncClient(endpoint, "demo", max_retries=0, self_signed=True) as lenient,
        ):
            assert (await AsyncAccount(lenient).get()).id
            with pytest.raises(APIConnectionError):
                await AsyncAccount(strict).get()
    finally:
        server.shutdown()
        server.server_close()
