"""Printable documents rendered from plain data: no database, GraphQL or HTTP in this package."""

from hub.core.pdf.notice import NoticeData, NoticeLine, render_notice

__all__ = ["NoticeData", "NoticeLine", "render_notice"]
