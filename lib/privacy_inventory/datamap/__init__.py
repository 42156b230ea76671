"""Data map stage: the networkx graph of sources, tables, categories, activities and recipients (graph), its queries and figure."""
