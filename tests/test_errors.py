"""One error vocabulary: every code is an ErrorCode, every domain error type implements the
GraphQL ``Error`` interface through one converter, and a code outside a domain's enum is reported
as the domain's fallback instead of failing the request."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest
from graphql import GraphQLEnumType, GraphQLNonNull, GraphQLObjectType

from hub.core.errors import ErrorCode, HubError
from hub.core.settings import Settings
from hub.web.graphql_schema import build_schema
from resolvers.calendar.schedules import ScheduleInvalid
from resolvers.catalog.publishing import CatalogInvalid
from schema.appointments.types import AppointmentError
from schema.calendar.types import CalendarError
from schema.cases.types import CaseError
from schema.catalog.types import ChecklistError
from schema.citizens.types import LoginCodeError
from schema.errors import AuthError, Error, StaffError
from schema.governance.types import CatalogError
from schema.integration.types import IntegrationError
from schema.notify.types import NotifyError
from schema.payment.types import PaymentError
from schema.queue.greeter import PreCheckError
from schema.queue.types import QueueError
from schema.related.types import RelatedError
from schema.training.courses.types import LearningError
from schema.training.types import TrainingError
from schema.uploads.types import UploadError
from schema.whistle.types import WhistleError
from training.bank import BankInvalid, Problem

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("hub", "realtime", "resolvers", "training", "schema", "departments")

DOMAINS: list[type[Error]] = [
    AuthError, StaffError, CaseError, ChecklistError, CatalogError, TrainingError, WhistleError,
    IntegrationError, QueueError, LearningError, AppointmentError, CalendarError, UploadError,
    LoginCodeError, PreCheckError, NotifyError, PaymentError, RelatedError,
]
# Codes kept in the vocabulary although no code raises them, each with the reason.
RESERVED: dict[ErrorCode, str] = {}


def _files(*tops: str) -> list[Path]:
    return [p for top in tops for p in (ROOT / top).rglob("*.py")
            if "node_modules" not in p.parts and "migrations" not in p.parts]


def _name(func: ast.expr) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _literal_codes(path: Path) -> list[str]:
    """``HubError("X", …)``, ``HubError(code="X", …)`` and ``super().__init__("X", …)`` (a HubError
    subclass): a code given as a string, which no type checker can verify."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        first = node.args[0] if node.args else next(
            (k.value for k in node.keywords if k.arg == "code"), None)
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        is_super = _name(node.func) == "__init__" and first.value.isupper()  # not a Chinese message
        if _name(node.func) == "HubError" or is_super:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_error_code_is_a_string_literal():
    found = [hit for path in _files(*PRODUCT, "tests", "bench") for hit in _literal_codes(path)]
    assert not found, f"use ErrorCode.X, not a string: {found}"


def _codes_used(path: Path) -> set[str]:
    """``ErrorCode.X`` used to build an error: not the domain enum lists (``code_enum``), not a
    domain's ``fallback``, not a comparison."""
    used: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Call) and _name(node.func) == "code_enum":
            return
        if isinstance(node, ast.Assign) and any(_name(t) == "fallback" for t in node.targets):
            return
        if isinstance(node, ast.Compare):
            return
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id == "ErrorCode"):
            used.add(node.attr)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return used


def test_every_code_is_raised_somewhere_or_reserved():
    vocabulary = ROOT / "hub" / "core" / "errors.py"
    used = set().union(*(_codes_used(p) for p in _files(*PRODUCT) if p != vocabulary))
    unused = {c.name for c in ErrorCode} - used - {c.name for c in RESERVED}
    assert not unused, f"raise these codes, reserve them in RESERVED, or drop them: {sorted(unused)}"
    assert not used - {c.name for c in ErrorCode}


def test_every_domain_error_implements_the_interface_and_speaks_the_vocabulary():
    schema = build_schema(Settings(secret_key="x"))._schema
    coded = {name for name, t in schema.type_map.items()
             if isinstance(t, GraphQLObjectType) and name.endswith("Error") and "code" in t.fields}
    assert coded == {d.__name__ for d in DOMAINS}
    assert set(DOMAINS) == set(Error.__subclasses__())
    for domain in DOMAINS:
        t = schema.type_map[domain.__name__]
        assert isinstance(t, GraphQLObjectType)
        assert [i.name for i in t.interfaces] == ["Error"]
        code_type = t.fields["code"].type
        assert isinstance(code_type, GraphQLNonNull) and isinstance(code_type.of_type, GraphQLEnumType)
        assert code_type.of_type.name == f"{domain.__name__}Code"
        assert set(code_type.of_type.values) == {c.name for c in domain.codes()}
        assert domain.fallback in domain.codes(), "the fallback must be a code of the domain"


@pytest.mark.parametrize("domain", DOMAINS, ids=lambda d: d.__name__)
def test_a_code_outside_the_domain_becomes_its_fallback_and_is_logged(domain, caplog):
    outside = next(c for c in ErrorCode if c not in domain.codes())
    error = HubError(outside, "这个代码不属于本领域", "someField")
    with caplog.at_level(logging.WARNING, logger="schema.errors"):
        one = domain.of(error)
        listed = domain.all_of(error)
    assert (one.code, one.field, one.message) == (domain.fallback, "someField", "这个代码不属于本领域")
    assert [(e.code, e.field, e.message) for e in listed] == [(one.code, one.field, one.message)]
    assert f"{outside} reported as {domain.__name__}.{domain.fallback}" in caplog.text


@pytest.mark.parametrize("domain", DOMAINS, ids=lambda d: d.__name__)
def test_no_code_makes_a_converter_raise(domain):
    """Formerly ``XErrorCode(e.code)`` raised ValueError (a server error) for a code the domain
    lacked; now every code of the vocabulary converts, known ones unchanged."""
    for code in ErrorCode:
        converted = domain.of(HubError(code, "说明")).code
        assert converted == (code if code in domain.codes() else domain.fallback)


def test_validations_list_one_error_per_problem():
    catalog = CatalogError.all_of(CatalogInvalid(["事项 A 缺少名称", "事项 B 缺少部门"]))
    assert [(e.code, e.field, e.message) for e in catalog] == [
        (ErrorCode.CATALOG_INVALID, None, "事项 A 缺少名称"),
        (ErrorCode.CATALOG_INVALID, None, "事项 B 缺少部门")]
    bank = TrainingError.all_of(BankInvalid([Problem("text", "题干不能为空"), Problem(None, "重复")]))
    assert [(e.code, e.field, e.message) for e in bank] == [
        (ErrorCode.BANK_INVALID, "text", "题干不能为空"), (ErrorCode.BANK_INVALID, None, "重复")]
    schedule = CalendarError.all_of(ScheduleInvalid([("holidays.0", "日期无效"), ("workdays.1", "重复")]))
    assert [(e.code, e.field, e.message) for e in schedule] == [
        (ErrorCode.INVALID, "holidays.0", "日期无效"), (ErrorCode.INVALID, "workdays.1", "重复")]


async def test_an_unlisted_code_reaches_the_client_as_the_fallback(gql, monkeypatch):
    """End to end: login used to answer AuthErrorCode(e.code) → ValueError → a server error."""
    from resolvers.staff import actions

    async def refuse(*args, **kwargs):
        raise HubError(ErrorCode.INVALID, "账号数据异常，请联系管理员", "username")

    monkeypatch.setattr(actions, "login", refuse)
    body = await gql('mutation{login(input:{username:"x",password:"y"}){token errors{code field message}}}')
    assert "errors" not in body
    assert body["data"]["login"] == {"token": None, "errors": [
        {"code": "INVALID_CREDENTIALS", "field": "username", "message": "账号数据异常，请联系管理员"}]}
