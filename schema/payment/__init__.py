"""GraphQL of 统一支付: case fees, payment orders, reconciliation differences, fee totals."""
