"""Better geometry from an OpenStreetMap extract (``thanh-liem-map import-osm``).

- :mod:`geo.osm.reader` reads ``.osm.pbf`` / ``.osm`` files with pyosmium;
- :mod:`geo.osm.match` identifies the industrial areas, roads and the Đáy river in them;
- :mod:`geo.osm.importer` writes the result as an authored override file, whose format
  (:mod:`geo.upgrades.osm`) belongs to the upgrades stage that applies it after the layers
  are built.
"""
