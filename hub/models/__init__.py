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
from hub.models.people import ElectronicLicense, Person

__all__ = [
    "CatalogHead", "CatalogRevision", "Department", "ElectronicLicense", "Item", "ItemVersion",
    "LifeEvent", "Material", "Person", "Question", "ServicePoint", "Staff", "Window",
]
