"""年报检索 indexer: report files -> structured `Report` records -> a Whoosh index."""
