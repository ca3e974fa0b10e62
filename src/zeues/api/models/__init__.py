"""The API's pydantic models by kind: request bodies, response bodies, the health family's
bodies, and the query/path parameter types routes share."""
