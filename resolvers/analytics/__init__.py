"""管理驾驶舱: dashboard analytics over daily rollups, staffing advice and exports (rules, no GraphQL).
The year of generated history is demo data: hub/demo/history.py."""
