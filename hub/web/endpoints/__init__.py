"""Plain HTTP endpoints beside GraphQL: files, PDFs, exports and department callbacks."""
