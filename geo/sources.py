"""Registry of the upstream files the project reads, and how to get them.

Each source is pinned to an upstream commit and a SHA-256. A file is taken from, in order:

1. an offline folder laid out like upstream (setting ``THANH_LIEM_DATA_DIR`` or the CLI option
   ``--data-dir``);
2. the user cache, where an earlier download was stored;
3. a download from the pinned upstream address (not in offline mode).

Whatever the origin, the hash is checked before the file is used.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pooch

from geo._env import CACHE_ENV, DATA_DIR_ENV, OFFLINE_ENV
from geo._errors import SourceError as SourceError  # noqa: PLC0414 (re-exported)
from geo.io import reason

__all__ = ["CACHE_ENV", "DATA_DIR_ENV", "OFFLINE_ENV"]

LOG = logging.getLogger(__name__)


DVHCVN_COMMIT: Final = "4b1b6b59c5880c620722663bcb48c5c105364be5"
DVHCVN_LICENCE: Final = "GPL-3.0"
DVHCVN_CREDIT: Final = (
    "Địa giới hành chính: Cổng TTĐT Chính phủ (gis.chinhphu.vn), qua daohoangson/dvhcvn (GPL-3.0)"
)


class SourceMissingError(SourceError):
    """A source file is absent from the offline folder."""


class SourceUnavailableError(SourceError):
    """A source file is neither in a folder nor in the cache, and may not be downloaded."""


class SourceHashError(SourceError):
    """A source file does not have its pinned SHA-256."""


class SourceFormatError(SourceError):
    """A source file has the right hash but cannot be read as the expected format."""


class SourceUnreadableError(SourceError):
    """A source file is there but cannot be read (permissions, a folder in its place)."""


@dataclass(frozen=True)
class Source:
    """One pinned upstream file.

    Attributes
    ----------
    key
        Short identifier used in messages and listings.
    dataset
        Folder of the dataset inside the offline folder (``dvhcvn``).
    path
        Path of the file inside the upstream repository.
    sha256
        Expected SHA-256 of the file, hexadecimal.
    size
        Expected size in bytes.
    description
        What the file holds.
    commit
        Upstream commit the URL is pinned to.
    licence
        SPDX identifier of the licence the file is distributed under.
    credit
        Attribution line to show wherever the data appears.
    """

    key: str
    dataset: str
    path: str
    sha256: str
    size: int
    description: str
    commit: str = DVHCVN_COMMIT
    licence: str = DVHCVN_LICENCE
    credit: str = DVHCVN_CREDIT

    @property
    def url(self) -> str:
        """Upstream download address pinned to :attr:`commit`."""
        return (
            f"https://raw.githubusercontent.com/daohoangson/{self.dataset}/"
            f"{self.commit}/{self.path}"
        )

    @property
    def relpath(self) -> Path:
        """Location inside an offline folder or the cache."""
        return Path(self.dataset) / self.path


def _gis(code: str, name: str, sha256: str, size: int) -> Source:
    return Source(
        key=f"dvhcvn-gis-{code}",
        dataset="dvhcvn",
        path=f"data/gis/{code}.json",
        sha256=sha256,
        size=size,
        description=f"{name}: province and district boundaries (2013 – 30/06/2025)",
    )


SOURCES: Final[dict[str, Source]] = {
    s.key: s
    for s in (
        _gis(
            "35",
            "Hà Nam",
            "7a5461196284efe067e7388896e4b626616d15165d8614dded84118aa9124f58",
            280276,
        ),
        _gis(
            "01",
            "Hà Nội",
            "40affa981f9dab05cc25d0f1920603aff221b6e3bc3771b9bc5344b7e0eb6644",
            1389899,
        ),
        _gis(
            "17",
            "Hòa Bình",
            "8eede8d838099952eb63acb804b323a62dbfb44eb2252821ce6e51d0610aa4bc",
            930974,
        ),
        _gis(
            "33",
            "Hưng Yên",
            "7c8341220db35de7f817a7fc048866827a5e1d19292eea4ac8df216bf632f312",
            320781,
        ),
        _gis(
            "34",
            "Thái Bình",
            "6d6d2f8983768f95998c241f211f175c7ee5c01d77c0ee01f156ade431279845",
            540569,
        ),
        _gis(
            "36",
            "Nam Định",
            "f7738984ef41eb8cb491d98113cdf3f0391e81f699a668a7ce51eeb285387eb6",
            626405,
        ),
        _gis(
            "37",
            "Ninh Bình",
            "3f8f4c6c9e34f7cd82116f173f880ce9580e6c2cf9df8cec49d88ed5834d837e",
            403545,
        ),
        Source(
            key="dvhcvn-units",
            dataset="dvhcvn",
            path="data/dvhcvn.json",
            sha256="7f6f179385df4fea26f2fd9625bbc4b1a315c944765a7fe4a82095928fe3f63f",
            size=2204441,
            description="Names and GSO codes of every province, district and commune",
        ),
    )
}
"""Every upstream file the project reads, by key."""


@dataclass(frozen=True)
class SourceSettings:
    """Where source files come from.

    Attributes
    ----------
    data_dir
        Offline folder laid out like upstream, or ``None``.
    offline
        Forbid downloads.
    cache_dir
        Folder for downloaded files.
    """

    data_dir: Path | None = None
    offline: bool = False
    cache_dir: Path | None = None

    @classmethod
    def from_env(
        cls,
        *,
        data_dir: Path | None = None,
        offline: bool | None = None,
        cache_dir: Path | None = None,
    ) -> SourceSettings:
        """Combine explicit options with the environment (explicit options win).

        Parameters
        ----------
        data_dir
            Offline folder; defaults to ``$THANH_LIEM_DATA_DIR``.
        offline
            Offline mode; defaults to ``$THANH_LIEM_OFFLINE``.
        cache_dir
            Cache folder; defaults to ``$THANH_LIEM_CACHE_DIR`` or the user cache.

        Returns
        -------
        SourceSettings
        """
        env_dir = os.environ.get(DATA_DIR_ENV)
        env_cache = os.environ.get(CACHE_ENV)
        env_offline = os.environ.get(OFFLINE_ENV, "").strip().lower() in {"1", "true", "yes"}
        return cls(
            data_dir=data_dir or (Path(env_dir) if env_dir else None),
            offline=env_offline if offline is None else offline,
            cache_dir=cache_dir or (Path(env_cache) if env_cache else None),
        )

    @property
    def cache(self) -> Path:
        """The download cache folder."""
        return self.cache_dir or Path(pooch.os_cache("thanh-liem-map"))


def sha256_of(path: Path) -> str:
    """Return the hexadecimal SHA-256 of a file.

    Parameters
    ----------
    path
        File to hash.

    Returns
    -------
    str

    Raises
    ------
    SourceUnreadableError
        When the file cannot be read.
    """
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        msg = f"cannot read source file {path}: {reason(error)}"
        raise SourceUnreadableError(msg) from error
    return digest.hexdigest()


def verify(source: Source, path: Path) -> Path:
    """Check that ``path`` holds ``source`` exactly.

    Parameters
    ----------
    source
        The expected file.
    path
        Where it was found.

    Returns
    -------
    Path
        ``path``, once verified.

    Raises
    ------
    SourceHashError
        When the SHA-256 differs; the message names the file and says whether it is truncated.
    """
    actual = sha256_of(path)
    if actual != source.sha256:
        size = path.stat().st_size
        hint = (
            f"truncated or incomplete ({size} of {source.size} bytes)"
            if size < source.size
            else f"{size} bytes, expected {source.size}"
        )
        msg = (
            f"{path}: SHA-256 mismatch for source '{source.key}' ({source.path}): "
            f"expected {source.sha256}, got {actual}; {hint}. "
            "Refusing to use it: replace the file with the pinned upstream version."
        )
        raise SourceHashError(msg)
    return path


def locate(source: Source, settings: SourceSettings) -> Path | None:
    """Return the verified local path of a source, or ``None`` if none is on disk.

    Parameters
    ----------
    source
        File to find.
    settings
        Where to look.

    Returns
    -------
    Path or None

    Raises
    ------
    SourceMissingError
        When an offline folder is set but lacks the file.
    SourceHashError
        When the file on disk has the wrong hash.
    """
    if settings.data_dir is not None:
        path = settings.data_dir / source.relpath
        if path.exists() and not path.is_file():
            msg = f"source file {path} (source '{source.key}') is a folder or not a regular file"
            raise SourceUnreadableError(msg)
        if not path.is_file():
            msg = (
                f"source file missing: {path} (source '{source.key}'). The data folder "
                f"set by {DATA_DIR_ENV} / --data-dir must be laid out like upstream."
            )
            raise SourceMissingError(msg)
        return verify(source, path)
    cached = settings.cache / source.relpath
    return verify(source, cached) if cached.is_file() else None


def fetch(source: Source, settings: SourceSettings | None = None) -> Path:
    """Return a verified local copy of a source, downloading it if allowed.

    Parameters
    ----------
    source
        File to get.
    settings
        Where to look; defaults to :meth:`SourceSettings.from_env`.

    Returns
    -------
    Path

    Raises
    ------
    SourceError
        With a message naming the file and the setting to change.
    """
    settings = settings or SourceSettings.from_env()
    found = locate(source, settings)
    if found is not None:
        return found
    if settings.offline:
        msg = (
            f"source '{source.key}' ({source.path}) is not cached and offline mode forbids "
            f"downloading it. Set {DATA_DIR_ENV} (or --data-dir) to a folder laid out like "
            "upstream, or run once with network access."
        )
        raise SourceUnavailableError(msg)
    target = settings.cache / source.relpath
    LOG.info("downloading %s (%d kB) from %s", source.path, source.size // 1000, source.url)
    try:
        fetched = pooch.retrieve(
            url=source.url,
            known_hash=f"sha256:{source.sha256}",
            fname=target.name,
            path=target.parent,
            progressbar=False,
        )
    except ValueError as error:  # pooch reports a hash mismatch as ValueError
        msg = f"download of '{source.key}' from {source.url} failed its hash check: {error}"
        raise SourceHashError(msg) from error
    except Exception as error:
        msg = (
            f"cannot download source '{source.key}' from {source.url}: {error}. "
            f"Without network access, set {DATA_DIR_ENV} (or --data-dir) to an offline folder."
        )
        raise SourceUnavailableError(msg) from error
    return Path(fetched)


def status(source: Source, settings: SourceSettings) -> tuple[str, bool]:
    """Describe whether a source is usable without downloading.

    Parameters
    ----------
    source
        File to check.
    settings
        Where to look.

    Returns
    -------
    tuple
        ``"available (<path>)"``, ``"not downloaded yet (will download)"`` or the problem
        found; and whether a build would fail on it (missing, unreadable, corrupt, or not
        available in offline mode).
    """
    try:
        found = locate(source, settings)
    except SourceError as error:
        return f"problem: {error}", True
    if found is not None:
        return f"available ({found})", False
    if settings.offline:
        return "problem: not available offline (not in the cache, downloads forbidden)", True
    return "not downloaded yet (will download)", False
