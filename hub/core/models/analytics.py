"""Daily rollups for the management dashboard (管理驾驶舱), rebuilt from SQL aggregation.

Each table holds one row per local day (Asia/Shanghai) and combination of dimensions, with
counts and time histograms, so that a dashboard figure over a year of a district sums a few
hundred thousand small rows instead of scanning millions of cases and tickets. The rows are
never edited by hand: resolvers.analytics.rollups deletes and re-aggregates whole days from
the source tables (cases, tickets, ratings), see DECISIONS.md.

Dimension columns hold 0 for none (a ticket without a case has department 0) so that they can
be grouped without NULL handling. Time histograms: column wN counts waits (ticket taken to
called) and sN handling times (called to finished) in bucket N of WAIT_EDGES_MINUTES.
"""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

# Bucket N holds values in [edge N, edge N+1) minutes; the last bucket is open-ended.
WAIT_EDGES_MINUTES = (0, 1, 2, 3, 5, 7, 10, 13, 16, 20, 25, 30, 40, 50, 60, 90)
BUCKETS = len(WAIT_EDGES_MINUTES)
HOURS = 24


def _time_columns(namespace: dict[str, Any]) -> None:
    namespace["n_timed"] = fields.IntField(default=0)  # called and finished, so both times known
    namespace["wait_sum"] = fields.BigIntField(default=0)  # seconds
    namespace["handle_sum"] = fields.BigIntField(default=0)  # seconds
    for i in range(BUCKETS):
        namespace[f"w{i}"] = fields.IntField(default=0)
        namespace[f"s{i}"] = fields.IntField(default=0)


def _case_columns(namespace: dict[str, Any]) -> None:
    namespace["n"] = fields.IntField(default=0)
    namespace["n_instant"] = fields.IntField(default=0)
    namespace["n_first_time"] = fields.IntField(default=0)
    namespace["n_on_time"] = fields.IntField(default=0)
    namespace["n_late"] = fields.IntField(default=0)
    _time_columns(namespace)
    for h in range(HOURS):
        namespace[f"h{h:02d}"] = fields.IntField(default=0)


class StatCaseItemDay(Model):
    """Cases received per local day, service point, item, channel and current status.

    n counts the cases, n_instant the instant ones (即办件), n_first_time those that never
    needed a supplement round, n_on_time and n_late the decided ones against their due day.
    hNN counts the cases received in local hour NN. Time columns come from the case ticket.
    """

    id = fields.BigIntField(primary_key=True)
    day = fields.DateField()
    service_point_id = fields.IntField()
    point_path = fields.CharField(max_length=255)
    department_id = fields.IntField()
    item_id = fields.IntField()
    channel = fields.CharField(max_length=16)
    status = fields.CharField(max_length=16)
    _case_columns(locals())

    class Meta:
        table = "stat_case_item_day"
        indexes = (("day",), ("item_id", "day"))


class StatCaseDay(Model):
    """The same counts without the item: per local day, service point, department, channel and
    status (about a fifth of the rows), for every figure that is not asked per item."""

    id = fields.BigIntField(primary_key=True)
    day = fields.DateField()
    service_point_id = fields.IntField()
    point_path = fields.CharField(max_length=255)
    department_id = fields.IntField()
    channel = fields.CharField(max_length=16)
    status = fields.CharField(max_length=16)
    _case_columns(locals())

    class Meta:
        table = "stat_case_day"
        indexes = (("day",),)


class StatWindowDeptDay(Model):
    """Queue tickets called per local day, window and department (of the case the ticket led
    to, 0 when none): how many were called, served and missed, with waiting and handling times."""

    id = fields.BigIntField(primary_key=True)
    day = fields.DateField()
    service_point_id = fields.IntField()
    point_path = fields.CharField(max_length=255)
    window_id = fields.IntField()
    department_id = fields.IntField()
    n_called = fields.IntField(default=0)
    n_served = fields.IntField(default=0)
    n_no_show = fields.IntField(default=0)
    _time_columns(locals())

    class Meta:
        table = "stat_window_dept_day"
        indexes = (("day",), ("department_id", "day"))


class StatWindowDay(Model):
    """The same per local day and window, all departments together (one row per open window)."""

    id = fields.BigIntField(primary_key=True)
    day = fields.DateField()
    service_point_id = fields.IntField()
    point_path = fields.CharField(max_length=255)
    window_id = fields.IntField()
    n_called = fields.IntField(default=0)
    n_served = fields.IntField(default=0)
    n_no_show = fields.IntField(default=0)
    _time_columns(locals())

    class Meta:
        table = "stat_window_day"
        indexes = (("day",),)


class StatCaseItemMonth(Model):
    """stat_case_item_day summed per calendar month (day holds the first of the month): a year
    asked per item reads twelve months instead of every day."""

    id = fields.BigIntField(primary_key=True)
    day = fields.DateField()
    service_point_id = fields.IntField()
    point_path = fields.CharField(max_length=255)
    department_id = fields.IntField()
    item_id = fields.IntField()
    channel = fields.CharField(max_length=16)
    status = fields.CharField(max_length=16)
    _case_columns(locals())

    class Meta:
        table = "stat_case_item_month"
        indexes = (("day",),)


class StatRatingDay(Model):
    """Ratings (好差评) per local day of rating, service point, department, item and level."""

    id = fields.BigIntField(primary_key=True)
    day = fields.DateField()
    service_point_id = fields.IntField()
    point_path = fields.CharField(max_length=255)
    department_id = fields.IntField()
    item_id = fields.IntField()
    level = fields.SmallIntField()
    n = fields.IntField(default=0)

    class Meta:
        table = "stat_rating_day"
        indexes = (("day",),)


class StatRefresh(Model):
    """How far the rollups have read the sources: the last case log, rating and ticket ids seen
    and the local day of the last refresh. One row, also locked to serialise refreshes."""

    id = fields.IntField(primary_key=True)
    case_log_id = fields.BigIntField(default=0)
    evaluation_id = fields.IntField(default=0)
    ticket_id = fields.IntField(default=0)
    refreshed_day = fields.DateField(null=True)
    refreshed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "stat_refresh"
