"""Helpers that write small, clearly synthetic OpenStreetMap files for the import tests."""
