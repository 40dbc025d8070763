"""2. Loopback throughput: sequential `account.get()` with a JWT, this SDK's sync client vs the official SDK.

Both talk to the same canned-user server (`bench._server`, uvicorn on 127.0.0.1 in its own process) and both
parse the answer into their own models. Figures are calls per second over alternating batches (median).
The official `appwrite` package sends every call through `requests.request`, i.e. a new connection each
time; this SDK keeps its connections alive in an httpx pool.
"""

from __future__ import annotations

import json

import httpx

from bench._common import JWT, PROJECT, Row, Server, loopback_server, median, paired_ratio, per_call_interleaved

TARGET = 3.0


def _sizes(smoke: bool) -> dict[str, int]:
    return {"calls": 3, "repeats": 1, "warmup": 1} if smoke else {"calls": 20, "repeats": 41, "warmup": 50}


def measure(server: Server, smoke: bool) -> list[Row]:
    from appwrite.client import Client as OfficialClient
    from appwrite.services.account import Account as OfficialAccount

    from appwrite_account import Account, Client

    client = Client(server.endpoint, PROJECT, jwt=JWT)
    ours = Account(client)
    official = OfficialAccount(OfficialClient().set_endpoint(server.endpoint).set_project(PROJECT).set_jwt(JWT))
    # Reference: what httpx itself does per call here (keep-alive, dicts, no SDK), the floor for this SDK.
    raw = httpx.Client()
    url, headers = server.endpoint + "/account", {"X-Appwrite-Project": PROJECT, "X-Appwrite-JWT": JWT}

    def raw_get() -> object:
        return json.loads(raw.get(url, headers=headers).content)

    assert ours.get().email == official.get().email == "ada@example.com"
    fns = {"ours": ours.get, "official": official.get, "raw": raw_get}
    samples = per_call_interleaved(fns, **_sizes(smoke))
    times = {name: median(values) for name, values in samples.items()}
    client.close()
    raw.close()
    return [
        Row(
            bench="loopback",
            name="sync get() over loopback",
            unit="calls/s",
            ours=1 / times["ours"],
            baseline=1 / times["official"],
            baseline_name="appwrite (official) sync",
            better="higher",
            paired_ratio=paired_ratio(samples, "official", "ours"),  # a rate: their time / ours
            target=TARGET,
        ),
        Row(
            bench="loopback",
            name="raw httpx get() over loopback (reference)",
            unit="calls/s",
            ours=1 / times["raw"],
            baseline=1 / times["official"],
            baseline_name="appwrite (official) sync",
            better="higher",
            paired_ratio=paired_ratio(samples, "official", "raw"),
            notes="not the SDK: httpx + json.loads alone, the ceiling for any SDK built on httpx",
        ),
    ]


def run(smoke: bool = False) -> list[Row]:
    with loopback_server() as server:
        return measure(server, smoke)


if __name__ == "__main__":
    for row in run():
        print(f"{row.name}: ours {row.ours:.0f}/s, official {row.baseline or 0:.0f}/s, ratio {row.ratio:.2f}")
