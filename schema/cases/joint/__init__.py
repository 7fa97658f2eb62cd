"""GraphQL of joint applications (一件事联办)."""
