"""The response: a page of formatted hits, its pagination fields, facets and details.

:class:`~souk.search.respond.builder.ResponseBuilder` assembles it from the ranked candidates;
the other modules each own one part of the Meilisearch response shape.
"""
