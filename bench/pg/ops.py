"""The operations of the PostgreSQL volume bench, each written three ways.

``hub``: the GraphQL document the hub's pages send. ``postgraphile``: the equivalent query for
PostGraphile 4.14.1 over the same tables — the same filters, page size, nesting and counts, with
the names PostGraphile generates (checked by running each document once against its schema
before measuring: an unknown name fails validation). The floor runs the SQL the hub itself sent for
the operation, captured from a real request (``bench.pg.floor``).

Where PostGraphile cannot say what the hub says, the equivalent is chosen on the data and noted:
``yb_a`` sits at the district (330106), so the hub's ``decide_path LIKE '/…330106/%'`` scope covers
every case of the department and the PostGraphile query filters by department only; PostGraphile
has no login here, so ``me`` reads the staff row by id (the hub also checks the bearer token).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Operation:
    key: str  # what OPS= selects
    title: str
    hub: str
    postgraphile: str
    user: str | None = None  # demo account the hub request runs as (token from one login)
    # variables filled from the database at run time (bench.pg.run.variables)
    needs: tuple[str, ...] = field(default=())


QUEUE_HUB = """query Queue{ backofficeQueue(tab: UNCLAIMED, first: 20){
  entries{ offeredToMe canClaim dueState dueStateLabel
           id number itemName applicantName maskedIdNumber statusLabel dueOn dueProvisional version assignee }
  counts{ unclaimed mine supplement prereview } hasNextPage endCursor } }"""
QUEUE_PGL = """query Queue($dept:Int!, $me:Int!){
  page: allServiceCases(first: 20, condition:{departmentId:$dept, status:"RECEIVED"},
                        orderBy:[DUE_ON_ASC, ID_ASC]){
    nodes{ id number itemName applicantName status version dueOn remindOn dueProvisional pausedSince
           offeredToBackup decidePointId assigneeId submittedAt
           personByPersonId{ idNumber } staffByAssigneeId{ name } }
    pageInfo{ hasNextPage endCursor } }
  unclaimed: allServiceCases(condition:{departmentId:$dept, status:"RECEIVED"}){ totalCount }
  mine: allServiceCases(condition:{departmentId:$dept, status:"IN_REVIEW", assigneeId:$me}){ totalCount }
  supplement: allServiceCases(condition:{departmentId:$dept, status:"SUPPLEMENT"}){ totalCount }
  prereview: allServiceCases(condition:{departmentId:$dept, status:"PREREVIEW"}){ totalCount }
  posts: allApprovalPosts(condition:{departmentId:$dept}){ nodes{ pointId primaryId backupId leaderId } } }"""

TRACK_HUB = """query Track($number:String!, $idNumber:String!){ trackCase(number:$number, idNumber:$idNumber){
  number itemName status statusLabel applicantName maskedIdNumber submittedAt dueOn decidedAt issuedAt
  department{ name } servicePoint{ name } } }"""
TRACK_PGL = """query Track($number:String!, $idNumber:String!){ personByIdNumber(idNumber:$idNumber){
  serviceCasesByPersonId(condition:{number:$number}){ nodes{
    number itemName status applicantName submittedAt dueOn decidedAt issuedAt
    departmentByDepartmentId{ name } servicePointByServicePointId{ name } } } } }"""

ITEMS_HUB = """query Guide($first:Int){ items(first:$first){ totalCount
  edges{ node{ code name kind kindLabel timeLimitLabel department{ code shortName }
    materials{ name formLabel count requirement requirementLabel note } } }
  pageInfo{ hasNextPage endCursor } } }"""
ITEMS_PGL = """query Guide($first:Int){
  allItems(first:$first, condition:{active:true}, orderBy:[SORT_ASC, CODE_ASC]){
  totalCount
  nodes{ code name kind legalTimeLimitDays promisedTimeLimitDays
    departmentByDepartmentId{ code shortName }
    materialsByItemId(orderBy:[SORT_ASC, ID_ASC]){ nodes{ name form count requirement note } } }
  pageInfo{ hasNextPage endCursor } } }"""

ITEM_HUB = """query Item($code:String!){ item(code:$code){ code name kindLabel scope acceptingAgency
  decidingAgency legalTimeLimitDays promisedTimeLimitDays timeLimitLabel fee feeBasis
  channels{ counter pc mobile kiosk } acceptScopeLabel standardLabel
  department{ name shortName } lifeEvents{ name } acceptingPoints{ name }
  materials{ name formLabel count requirementLabel note } } }"""
ITEM_PGL = """query Item($code:String!){ itemByCode(code:$code){ code name kind scope acceptingAgency
  decidingAgency legalTimeLimitDays promisedTimeLimitDays fee feeBasis counter pc mobile kiosk
  acceptScope standard departmentByDepartmentId{ name shortName }
  itemLifeEventsByItemId{ nodes{ lifeEventByLifeeventId{ name } } }
  itemAcceptingPointsByItemId{ nodes{ servicePointByServicepointId{ name } } }
  materialsByItemId(orderBy:[SORT_ASC, ID_ASC]){ nodes{ name form count requirement note } } } }"""

ME_HUB = "query Me{ me{ id username name roles roleLabels servicePoint{ name } department{ name } } }"
ME_PGL = """query Me($me:Int!){ staffById(id:$me){ id username name roles
  servicePointByServicePointId{ name } departmentByDepartmentId{ name } } }"""

WORKLIST_HUB = """query Worklist{ issuanceQueue(first: 20){
  id number itemName applicantName maskedIdNumber status statusLabel decidedAt issueMethod
  deliveryAddress } }"""
WORKLIST_PGL = """query Worklist($point:Int!){ allServiceCases(first: 20,
  condition:{finishPointId:$point, status:"APPROVED"}, orderBy:[DECIDED_AT_ASC, ID_ASC]){
  nodes{ id number itemName applicantName status decidedAt issueMethod deliveryAddress
         personByPersonId{ idNumber } } } }"""

OPERATIONS = (
    Operation("queue", "back-office queue UNCLAIMED, 20 + 4 counts (yb_a)", QUEUE_HUB, QUEUE_PGL,
              "yb_a", ("dept", "me")),
    Operation("track", "case tracking by number + ID number", TRACK_HUB, TRACK_PGL, None,
              ("number", "idNumber")),
    Operation("items", "guide item list, 20 items + department + materials", ITEMS_HUB, ITEMS_PGL,
              None, ("first",)),
    Operation("item", "item page (six elements, materials, events, points)", ITEM_HUB, ITEM_PGL,
              None, ("code",)),
    Operation("me", "me (authenticated, yb_a)", ME_HUB, ME_PGL, "yb_a", ("me",)),
    Operation("worklist", "issuance worklist, 20 approved cases (chujian)", WORKLIST_HUB,
              WORKLIST_PGL, "chujian", ("point",)),
)


def selected(ops: str | None) -> list[Operation]:
    """OPS=queue,me (comma-separated keys); empty: all."""
    if not ops:
        return list(OPERATIONS)
    wanted = [k.strip() for k in ops.split(",") if k.strip()]
    unknown = [k for k in wanted if k not in {o.key for o in OPERATIONS}]
    if unknown:
        raise SystemExit(f"unknown OPS {unknown}: choose among {[o.key for o in OPERATIONS]}")
    return [o for o in OPERATIONS if o.key in wanted]


def hub_variables(op: Operation, ctx: dict[str, Any]) -> dict[str, Any]:
    return {k: ctx[k] for k in op.needs if k in ("number", "idNumber", "first", "code")}


def postgraphile_variables(op: Operation, ctx: dict[str, Any]) -> dict[str, Any]:
    keys = {"me": "me_" + (op.user or ""), "point": "point_" + (op.user or "")}
    return {k: ctx[keys.get(k, k)] for k in op.needs}
