"""Tortoise models of the hub (one app, label ``hub``)."""

from hub.models.catalog import Item, LifeEvent, Material, Question
from hub.models.org import Department, ServicePoint, Staff, Window

__all__ = ["Department", "Item", "LifeEvent", "Material", "Question", "ServicePoint", "Staff", "Window"]
