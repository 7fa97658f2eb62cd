"""医保业务系统 (medical insurance): a Federation v2 subgraph that extends the hub's ``Person``
with 参保状态 and 缴费记录, and (once the hub has cases) ``Case`` with the 参保核验 result."""
