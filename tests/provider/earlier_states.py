"""``__provider`` as earlier versions of pulumi-vpsorg wrote it into states: the provider class by
reference with an empty dict as its state. States keep these until the resource is next updated,
so they must go on loading (:mod:`tests.provider.test_base`) and must not read as changes under
the engine (``tests/engine/test_earlier_states.py``)."""

from __future__ import annotations

from typing import Final

__all__ = ["EARLIER_STATES"]

#: By provider class name.
EARLIER_STATES: Final = {
    "OrderProvider": "gASVOAAAAAAAAACMHHB1bHVtaV92cHNvcmcucHJvdmlkZXIub3JkZXKUjA1PcmRlclByb3ZpZGVylJOUKYGUfZRiLg==",
    "PlanLookupProvider": "gASVPwAAAAAAAACMHnB1bHVtaV92cHNvcmcucHJvdmlkZXIubG9va3Vwc5SMElBsYW5Mb29rdXBQcm92aWRlcpSTlCmBlH2UYi4=",
    "OrdersAuditProvider": "gASVQAAAAAAAAACMHnB1bHVtaV92cHNvcmcucHJvdmlkZXIubG9va3Vwc5SME09yZGVyc0F1ZGl0UHJvdmlkZXKUk5QpgZR9lGIu",
    "OrderLookupProvider": "gASVQAAAAAAAAACMHnB1bHVtaV92cHNvcmcucHJvdmlkZXIubG9va3Vwc5SME09yZGVyTG9va3VwUHJvdmlkZXKUk5QpgZR9lGIu",
}
