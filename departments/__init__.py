"""Department business systems that join the hub's supergraph as their own subgraphs.

They are separate processes with their own data and never import the hub: in a city they are
other vendors' systems. The one here is a small stand-in, used for the demo and the tests."""
