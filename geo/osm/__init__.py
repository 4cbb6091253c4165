"""Better geometry from an OpenStreetMap extract (``thanh-liem-map import-osm``).

- :mod:`geo.osm.reader` reads ``.osm.pbf`` / ``.osm`` files with pyosmium;
- :mod:`geo.osm.match` identifies the industrial areas, roads and the Đáy river in them;
- :mod:`geo.osm.importer` writes the result as an authored override file;
- :mod:`geo.osm.override` reads that file back for the layer builders (without pyosmium).
"""
