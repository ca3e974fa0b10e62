"""Domain objects and use-case results → response bodies, one module per topic, with times in
the shop's timezone. Routes call these and never build a body themselves."""
