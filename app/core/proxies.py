"""Which visitor a request comes from, when reverse proxies stand in front.

`TRUSTED_PROXIES` names the proxies by address (or network), not by how
many there are. Counting hops trusted whatever the peer sent: a visitor who
reached the portal without the proxy, or who wrote their own
X-Forwarded-For, chose their own address and with it a fresh rate limit
every request. Here the headers are read only from a peer that is one of
the named proxies, and the client is the right-most forwarded address that
is not itself a trusted proxy: everything left of it was written by someone
we do not trust.

X-Forwarded-Host is never read: links come from PUBLIC_BASE_URL.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable

from app.config import ConfigurationError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# What the peer really was, for logs that want to know which proxy spoke.
ORIGINAL_REMOTE_ADDR = "portal.proxies.remote_addr"

_EXAMPLE = "TRUSTED_PROXIES=10.0.0.0/8,127.0.0.1"


def trusted_networks(value: object) -> tuple[Network, ...]:
    """The networks named by a TRUSTED_PROXIES setting; blank trusts none.

    Refuses a bare number, which is what the setting used to hold (a hop
    count): read as an address it would trust something nobody meant.
    """
    if value is None:
        return ()
    if isinstance(value, bool | int) or (isinstance(value, str) and value.strip().isdigit()):
        raise ConfigurationError(
            "TRUSTED_PROXIES now lists your reverse proxies' addresses, not how many there"
            f" are (it is {value!r}). Write their addresses or networks, such as"
            f" {_EXAMPLE}, or leave it blank if nothing stands in front of the portal."
        )
    items: Iterable[str] = value.split(",") if isinstance(value, str) else value  # type: ignore[assignment]
    networks = []
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        try:
            network = ipaddress.ip_network(text, strict=False)
        except ValueError as exc:
            raise ConfigurationError(
                f"TRUSTED_PROXIES has {text!r}, which is not an address or network."
                f" Write, for example, {_EXAMPLE}"
            ) from exc
        if network.prefixlen == 0:
            # Trusting everyone is trusting the header, which is what this replaces.
            raise ConfigurationError(
                f"TRUSTED_PROXIES has {text!r}, which trusts every address, so any"
                " visitor could choose their own. Name the proxies' own addresses or network."
            )
        networks.append(network)
    return tuple(networks)


_PORT = re.compile(r"^(?P<host>\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$")
_BRACKETED = re.compile(r"^\[(?P<host>[0-9A-Fa-f:.]+)\](?::\d{1,5})?$")


def parse_address(text: str) -> Address | None:
    """An address as a proxy writes it (with or without a port); None if not one."""
    text = text.strip()
    match = _BRACKETED.match(text) or _PORT.match(text)
    if match:
        text = match.group("host")
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        # A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d.
        return address.ipv4_mapped
    return address


class TrustedProxies:
    """WSGI middleware: sets REMOTE_ADDR and the scheme from a trusted proxy's headers."""

    def __init__(self, app: Callable, networks: Iterable[Network]) -> None:
        self.app = app
        self.networks = tuple(networks)

    def trusted(self, address: Address | None) -> bool:
        return address is not None and any(address in net for net in self.networks)

    def client(self, peer: Address, forwarded_for: str) -> Address:
        """Walk X-Forwarded-For from the right while the hops are our proxies."""
        client = peer
        for entry in reversed(forwarded_for.split(",")):
            address = parse_address(entry)
            if address is None:
                # Whatever is left of nonsense cannot be trusted to be in order.
                break
            client = address
            if not self.trusted(address):
                break
        return client

    def __call__(self, environ: dict, start_response: Callable):
        remote = environ.get("REMOTE_ADDR", "")
        environ[ORIGINAL_REMOTE_ADDR] = remote
        peer = parse_address(remote)
        if peer is not None and self.trusted(peer):
            forwarded_for = environ.get("HTTP_X_FORWARDED_FOR", "")
            if forwarded_for:
                environ["REMOTE_ADDR"] = str(self.client(peer, forwarded_for))
            # The proxy that spoke to us wrote the last value; it saw the visitor's scheme.
            proto = environ.get("HTTP_X_FORWARDED_PROTO", "").split(",")[-1].strip().lower()
            if proto in {"http", "https"}:
                environ["wsgi.url_scheme"] = proto
        return self.app(environ, start_response)
