"""Development tools of thanh-liem-map: not part of the installed package."""
