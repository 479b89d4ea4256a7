"""Places and organs: the one module that knows China's administrative
divisions, what kind of organ a name is and at what rank it sits.

    describe(agency, context) -> OrganPlace   # chain 省→市→县→乡镇街道, level, organ_type
    own_key(place), display_name(place, written)
    by_depth(region_counts, total)             # the region facet depth by depth, with 未识别

The table (`data/divisions.tsv`, source and version in `data/README.md`) is
loaded once per process. The parser calls `describe` as a data lookup;
identity across reports is the build's step (`indexer.identity`).
"""
from indexer.places.divisions import Division, divisions
from indexer.places.organs import (LEVELS, NATIONAL, ORGAN_TYPES, OrganPlace, describe, display_name, is_national,
                                   normalised, own_key)
from indexer.places.regions import by_depth, depth_of

__all__ = ["by_depth", "depth_of", "Division", "divisions", "LEVELS", "NATIONAL", "ORGAN_TYPES", "OrganPlace",
           "describe", "display_name", "is_national", "normalised", "own_key"]
