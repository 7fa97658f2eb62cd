"""Adapters are chosen by the settings: the current behaviour by default, the fakes by name, a
deployment's own by Python path; a name that gives no adapter stops the start with a message
naming the setting. Rules read the installed adapters through ``ports()``; tests swap one for
a ``with`` block."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from hub.core import ports
from hub.core.settings import ROOT, Settings
from hub.web.app import create_app
from hub.web.wiring import build_ports
from resolvers.cases.couriers import LocalCourier, RecordingCourier
from resolvers.integration.basedata import FakeBaseData
from resolvers.integration.handoff import HttpTransport, RecordingTransport
from tests.cases.test_case_issuance import FakeCourier
from tests.conftest import test_settings


def test_the_defaults_are_the_current_behaviour(monkeypatch):
    for name in ("HUB_BASEDATA_ADAPTER", "HUB_COURIER_ADAPTER", "HUB_HANDOFF_ADAPTER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("HUB_OUTBOX_TIMEOUT_SECONDS", "4")
    settings = Settings.from_env()
    assert (settings.basedata_adapter, settings.courier_adapter, settings.handoff_adapter) == (
        "", "local", "http")
    wired = build_ports(settings)
    # the hub's registry only, EMS-like numbers made offline, HTTP with the outbox's timeout
    assert wired.basedata is None
    assert isinstance(wired.couriers, LocalCourier)
    assert isinstance(wired.handoff, HttpTransport) and wired.handoff.timeout_seconds == 4


def test_fakes_and_a_deployments_own_adapters_are_chosen_by_name(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("HUB_BASEDATA_ADAPTER", "fake")
    monkeypatch.setenv("HUB_COURIER_ADAPTER", "tests.cases.test_case_issuance:FakeCourier")
    monkeypatch.setenv("HUB_HANDOFF_ADAPTER", " fake ")
    wired = build_ports(Settings.from_env())
    assert isinstance(wired.basedata, FakeBaseData) and wired.basedata.name == "演示电子证照库"
    assert isinstance(wired.couriers, FakeCourier)
    assert isinstance(wired.handoff, RecordingTransport)
    assert isinstance(build_ports(test_settings(courier_adapter="fake")).couriers, RecordingCourier)


@pytest.mark.parametrize(("setting", "value", "message"), [
    ("courier_adapter", "ups", "HUB_COURIER_ADAPTER='ups' 不是可用的适配器：请填写 local、fake 或 "
                               "package.module:factory"),
    ("handoff_adapter", "grpc", "HUB_HANDOFF_ADAPTER='grpc' 不是可用的适配器：请填写 http、fake 或 "
                                "package.module:factory"),
    ("basedata_adapter", "nowhere.module:Library", "HUB_BASEDATA_ADAPTER='nowhere.module:Library'："
                                                   "无法载入 nowhere.module 中的 Library"),
    ("courier_adapter", "tests.web.test_wiring:__doc__",
     "HUB_COURIER_ADAPTER='tests.web.test_wiring:__doc__' 给出的不是 Courier 适配器（须有 name、dispatch）"),
])
def test_an_adapter_that_cannot_be_built_stops_the_start(setting, value, message):
    with pytest.raises(ValueError) as refused:
        create_app(test_settings(**{setting: value}), manage_db=False)
    assert str(refused.value).startswith(message)


def test_the_server_does_not_start_with_an_unknown_adapter(tmp_path):
    env = os.environ | {"HUB_DATA_DIR": str(tmp_path), "SECRET_KEY": "x" * 40,
                        "HUB_COURIER_ADAPTER": "ups"}
    result = subprocess.run([sys.executable, "-m", "hub", "serve", "--port", "9"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == ("无法启动：HUB_COURIER_ADAPTER='ups' 不是可用的适配器："
                                     "请填写 local、fake 或 package.module:factory")


async def test_rules_read_the_installed_adapters_and_tests_override_one(database):
    installed = ports.ports()
    fake = RecordingCourier()
    with ports.override(couriers=fake) as swapped:
        assert ports.ports().couriers is fake and swapped.handoff is installed.handoff
    assert ports.ports() is installed
    previous = ports.install(None)
    try:
        with pytest.raises(RuntimeError, match="not wired"):
            ports.ports()
    finally:
        ports.install(previous)
