"""The journey map and the findings a research team shares.

    >>> from workbench import load_study
    >>> from workbench.journeymap import journey_map, findings
    >>> jmap = journey_map(load_study("corpora/demo-shop"), persona="all")
    >>> jmap.cells            # stage x lane items, each with the anchor of its evidence
    >>> findings(jmap)        # three to five one-sentence findings with their numbers

:mod:`.model` builds the map as data, :mod:`.summary` the findings, :mod:`.targets` the
future-state gaps, :mod:`.opportunities` the ranked opportunities, :mod:`.comparison` the
cross-persona comparison; :mod:`.render` and :mod:`.comparison` render HTML and figures.
"""
from .map_model import LANES, JourneyMap, anchor_id, build_map, journey_map
from .opportunities import opportunities
from .summary import findings
from .targets import target_gaps

__all__ = ["LANES", "JourneyMap", "anchor_id", "build_map", "findings", "journey_map", "opportunities",
           "target_gaps"]
