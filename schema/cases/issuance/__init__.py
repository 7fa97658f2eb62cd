"""GraphQL of issuance (出件), ratings (好差评) and rectification."""
