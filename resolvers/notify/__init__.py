"""Notifications (通知): which events tell whom, in which words, on which channel, and how a
message leaves the hub once — SMS, the resident's inbox (我的消息), DingTalk / WeCom group robots."""
