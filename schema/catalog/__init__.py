"""GraphQL of the catalogue: items, situations, materials, checklists."""
