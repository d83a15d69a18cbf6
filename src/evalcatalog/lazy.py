"""Names a package exports but loads only when first used (PEP 562): `import evalcatalog` or
`evalcatalog.models` does not pay for modules a command never touches."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package`: name -> the module (relative to it) defining it.
    Each name is looked up once, then kept in the package's namespace."""
    namespace = vars(import_module(package))

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(home, package), name)
        namespace[name] = value
        return value

    return __getattr__
