"""OneWindow Hub (一窗受理集成服务平台): composition root and infrastructure."""

__version__ = "0.1.0"
