"""窗口吹哨、科室报到: help calls from the front desk to the back-office experts."""
