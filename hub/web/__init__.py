"""The composition root: the app factory, HTTP endpoints, the GraphQL view and executor, the CLI and
the wiring of services. The only package that knows every other."""
