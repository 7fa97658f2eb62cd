"""GraphQL of attendance (考勤) and the hall's opening hours."""
