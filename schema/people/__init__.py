"""GraphQL of the population registry (人口库) and licences."""
