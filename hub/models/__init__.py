"""Tortoise models of the hub (one app, label ``hub``)."""

from hub.models.catalog import (
    CatalogHead,
    CatalogRevision,
    Item,
    ItemVersion,
    LifeEvent,
    Material,
    Question,
)
from hub.models.org import Department, ServicePoint, Staff, Window

__all__ = [
    "CatalogHead", "CatalogRevision", "Department", "Item", "ItemVersion", "LifeEvent", "Material",
    "Question", "ServicePoint", "Staff", "Window",
]
