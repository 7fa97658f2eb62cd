"""GraphQL of the training module: question bank, exams, attempts, certificates."""
