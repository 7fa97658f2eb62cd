"""统一支付: fees of the items that charge one, collected through the payment platform."""
