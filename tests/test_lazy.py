"""``pulumi_vpsorg._lazy``: a name imported from its home on first access, then kept."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_vpsorg import _lazy


def _namespace() -> dict[str, Any]:
    return {"__name__": "pulumi_vpsorg.orders", "__package__": "pulumi_vpsorg.orders"}


def test_a_name_is_imported_from_its_home_relative_to_the_package_and_kept() -> None:
    from pulumi_vpsorg.orders.names import OrderStatus

    namespace = _namespace()
    assert _lazy.load(namespace, {"OrderStatus": ".names"}, "OrderStatus") is OrderStatus
    assert namespace["OrderStatus"] is OrderStatus


def test_an_unknown_name_is_an_attribute_error_naming_the_module() -> None:
    namespace = _namespace()
    with pytest.raises(
        AttributeError, match=r"^module 'pulumi_vpsorg.orders' has no attribute 'Nope'$"
    ):
        _lazy.load(namespace, {"OrderStatus": ".names"}, "Nope")
    assert "Nope" not in namespace


def test_the_packages_exports_all_resolve() -> None:
    import importlib

    for package in (
        "pulumi_vpsorg",
        "pulumi_vpsorg.orders",
        "pulumi_vpsorg.provider",
        "pulumi_vpsorg.provider.lookups",
        "pulumi_vpsorg.provider.order",
        "pulumi_vpsorg.testing",
    ):
        module = importlib.import_module(package)
        for name in module.__all__:
            assert getattr(module, name) is not None, (package, name)
