"""Tortoise models of the hub (one app, label ``hub``)."""

from hub.models.catalog import Item, LifeEvent, Material
from hub.models.org import Department, ServicePoint, Staff, Window

__all__ = ["Department", "Item", "LifeEvent", "Material", "ServicePoint", "Staff", "Window"]
