"""Contributions: better positions from readers and GIS users, with their provenance.

- :mod:`geo.upgrades.contributions` reads and writes the reviewed authored file
  ``contributions.geojson`` (CC BY 4.0, each record credits its contributor), which the
  upgrades stage (:mod:`geo.upgrades`) applies to the built layers;
- :mod:`geo.edits.read` reads a contributed file: a GeoPackage edited in QGIS (the export's
  editing kit, see :mod:`geo.qgis_export.forms`) or any OGR-readable file, in any CRS;
- :mod:`geo.edits.review` compares it with the current layers and checks every edit
  (provenance, conflicts, the plausibility bounds of :mod:`geo.edits.bounds`);
- :mod:`geo.edits.importer` runs ``thanh-liem-map import-edits`` and
  :mod:`geo.edits.report` prints what changed.
"""
