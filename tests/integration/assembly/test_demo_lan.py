"""`make demo HOST=0.0.0.0`: the banner and the QR codes carry the laptop's address on the LAN."""

import socket
from pathlib import Path

import pytest

from assembly.demo import PROBE_ADDRESS, demo_banner, lan_address, with_lan_url
from base.settings import Settings


class FakeSocket:
    """A UDP socket that 'connects' without a network and says which address it would use."""

    def __init__(self, address="192.168.1.23", fail=False):
        self.address, self.fail = address, fail
        self.calls = []

    def __call__(self, family, kind):
        self.calls.append(("socket", family, kind))
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.calls.append(("closed",))

    def connect(self, address):
        self.calls.append(("connect", address))
        if self.fail:
            raise OSError("Network is unreachable")

    def getsockname(self):
        return (self.address, 54321)


def test_lan_address_is_the_interface_used_towards_a_non_routable_address():
    fake = FakeSocket("192.168.1.23")
    assert lan_address(fake) == "192.168.1.23"
    assert fake.calls == [("socket", socket.AF_INET, socket.SOCK_DGRAM), ("connect", PROBE_ADDRESS), ("closed",)]
    assert PROBE_ADDRESS[0] == "10.255.255.255"


@pytest.mark.parametrize("fake", [FakeSocket(fail=True), FakeSocket("127.0.0.1"), FakeSocket("0.0.0.0")])
def test_no_network_means_no_lan_address(fake):
    assert lan_address(fake) is None


def test_on_every_interface_the_public_url_is_the_lan_address(tmp_path: Path):
    settings = with_lan_url(Settings(data_dir=tmp_path, host="0.0.0.0", port=8080), FakeSocket("192.168.1.23"))
    assert settings.resolved_public_url() == "http://192.168.1.23:8080"  # what QR codes and labels carry


def test_a_given_public_url_or_a_local_host_is_kept(tmp_path: Path):
    given = Settings(data_dir=tmp_path, host="0.0.0.0", public_url="https://arena.example.vn")
    assert with_lan_url(given, FakeSocket()).resolved_public_url() == "https://arena.example.vn"
    local = Settings(data_dir=tmp_path, host="127.0.0.1")
    assert with_lan_url(local, FakeSocket()).resolved_public_url() == "http://127.0.0.1:8000"
    assert with_lan_url(Settings(data_dir=tmp_path, host="0.0.0.0"), FakeSocket(fail=True)).public_url == ""


def test_the_app_builds_links_from_the_lan_address(tmp_path: Path):
    from assembly.app import create_app

    settings = with_lan_url(Settings(data_dir=tmp_path, host="0.0.0.0", argon2_profile="CHEAPEST"), FakeSocket("10.0.0.7"))
    app = create_app(settings, run_migrations=False)
    assert app.state.settings.resolved_public_url() == "http://10.0.0.7:8000"


def test_banner_prints_the_lan_address_for_tablets(tmp_path: Path):
    settings = with_lan_url(Settings(data_dir=tmp_path, host="0.0.0.0"), FakeSocket("192.168.1.23"))
    banner = demo_banner(settings, created=True)
    assert "Tablets and phones on the venue's Wi-Fi open http://192.168.1.23:8000/" in banner
    assert "  Judge tablet              http://192.168.1.23:8000/judge" in banner
    assert "127.0.0.1" not in banner


def test_banner_on_localhost_says_how_to_open_it_to_tablets(tmp_path: Path):
    banner = demo_banner(Settings(data_dir=tmp_path), created=False)
    assert "already loaded" in banner and "make demo HOST=0.0.0.0" in banner


def test_banner_without_a_lan_says_to_set_the_public_url(tmp_path: Path):
    settings = with_lan_url(Settings(data_dir=tmp_path, host="0.0.0.0"), FakeSocket(fail=True))
    assert "ARENA_PUBLIC_URL" in demo_banner(settings, created=True)


def test_banner_lists_no_judge_login_since_judges_pair_with_codes(tmp_path: Path):
    banner = demo_banner(Settings(data_dir=tmp_path), created=True)
    logins = banner.split("Demo logins", 1)[1].splitlines()[1:]
    names = [line.split()[0] for line in logins if line.strip()]
    assert names == ["admin", "manager", "referee", "coach", "athlete", "accountant", "keeper", "bridge"]
    assert "(no login: pair with the code from the console)" in banner
