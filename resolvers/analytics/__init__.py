"""管理驾驶舱: dashboard analytics over daily rollups (rules, no GraphQL), the history generator."""
