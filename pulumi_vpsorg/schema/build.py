"""The package schema built from the code: object types from the models, functions from their
signatures, resources from their constructors and providers, config and package metadata."""

from __future__ import annotations

import importlib.metadata
import inspect
import json
from collections.abc import Callable, Mapping
from typing import Any, Final

import pulumi.dynamic
from pydantic import BaseModel

from .._version import __version__
from .._vocabulary import (
    CONFIG_ORDERS_TOKEN_KEY,
    CONFIG_ORDERS_URL_KEY,
    CONFIG_TOKEN_KEY,
    CONFIG_URL_KEY,
    ENV_ORDERS_TOKEN,
    ENV_ORDERS_URL,
    ENV_TOKEN,
    ENV_URL,
    ORDERS_TOKEN_CONFIG,
    SECRET_ECHOES,
    SECRET_FIELDS,
    TOKEN_CONFIG,
    URL_CONFIG,
)
from ..assumptions import DEFAULT_API_URL, DEFAULT_ORDERS_API_URL
from ..orders.summary import OrdersSummary
from .introspection import (
    Registration,
    declared_fields,
    is_timestamp,
    named_types,
    probe_values,
    signature_hints,
    state_fields,
    type_spec,
)
from .naming import (
    PACKAGE,
    camel_case,
    dynamic_type,
    function_token,
    python_name,
    registered_name,
    resource_token,
    type_token,
)
from .sources import (
    CONFIG_ARGUMENTS,
    DISTRIBUTION,
    FUNCTIONS,
    NOT_PROPERTIES,
    OBJECT_TYPES,
    RESOURCES,
    result_class,
)
from .wording import (
    INPUT_TEXT,
    SUMMARY_TEXT,
    TYPE_TEXT,
    UNITS,
    doc,
    field_text,
    input_text,
    sentence,
)

__all__ = [
    "GO_IMPORT_PATH",
    "NODEJS_PACKAGE",
    "build_schema",
    "function_spec",
    "object_type",
    "render",
    "resource_spec",
]

#: Where the generated SDKs (``sdk/``, ``scripts/gen-sdk``) are published.
NODEJS_PACKAGE: Final = "@vpsorg/pulumi-vpsorg"
GO_IMPORT_PATH: Final = "github.com/vpsorg/pulumi-vpsorg/sdk/go/vpsorg"

# -- properties ---------------------------------------------------------------------------


def _model_property(
    model: type[BaseModel], name: str, *, key: str | None = None
) -> tuple[dict[str, Any], bool]:
    """One model field as a property: ``(propertySpec, required)``.

    :param key: the property's snake_case name when it is not the field's (state ``plan_id``).
    """
    field = model.model_fields[name]
    spec, optional = type_spec(field.annotation)
    if model is OrdersSummary:
        parts = [SUMMARY_TEXT.get(name, sentence(name.replace("_", " ").capitalize()))]
    else:
        api = field.alias or name
        parts = [field_text(model, name, field)]
        if api in UNITS:
            parts.append(f"Unit: {UNITS[api]}.")
        if is_timestamp(field.annotation):
            parts.append("ISO-8601 timestamp, UTC.")
        mapping = f"Maps to API field `{api}`"
        if key is not None and key != api:
            mapping += f" (state key `{key}`)"
        parts.append(mapping + ".")
    snake = key or name
    if python_name(camel_case(snake)) != snake:
        parts.append(f"Python and state key `{snake}`.")
    if snake in SECRET_FIELDS:
        spec = {**spec, "secret": True}
    return {**spec, "description": " ".join(parts)}, not optional


def _input_property(owner: str, name: str, tp: Any, default: Any) -> tuple[dict[str, Any], bool]:
    """A function or resource input: ``(propertySpec, required)``."""
    spec, _ = type_spec(tp)
    prop: dict[str, Any] = {**spec, "description": input_text(owner, name)}
    if default is not inspect.Parameter.empty and default is not None:
        prop["default"] = default
    return prop, default is inspect.Parameter.empty


def _object(props: Mapping[str, tuple[dict[str, Any], bool]]) -> dict[str, Any]:
    """An objectTypeSpec body from ``{snake_name: (propertySpec, required)}``."""
    return {
        "type": "object",
        "properties": {camel_case(k): spec for k, (spec, _) in props.items()},
        "required": sorted(camel_case(k) for k, (_, required) in props.items() if required),
    }


def _model_properties(model: type[BaseModel]) -> dict[str, tuple[dict[str, Any], bool]]:
    """Every field of ``model``: ``{name: (propertySpec, required)}``."""
    return {name: _model_property(model, name) for name in model.model_fields}


# -- object types -------------------------------------------------------------------------


def object_type(model: type[BaseModel]) -> dict[str, Any]:
    """The objectTypeSpec of a model: its fields as properties."""
    python = f"`{model.__module__}.{model.__name__}`"
    result = result_class(model)
    where = f" Python model {python}"
    if result is not None:
        where += f"; function results `pulumi_vpsorg.functions.{result.__name__}`"
    return {
        **_object(_model_properties(model)),
        "description": f"{sentence(TYPE_TEXT.get(model.__name__) or doc(model))}{where}.",
    }


# -- functions ----------------------------------------------------------------------------


def function_spec(fn: Callable[..., Any]) -> dict[str, Any]:
    """The functionSpec of a data-source function: its parameters in, its result class out."""
    hints = signature_hints(fn)
    owner = camel_case(fn.__name__)
    inputs = {
        name: _input_property(owner, name, hints[name], param.default)
        for name, param in inspect.signature(fn).parameters.items()
        if name not in CONFIG_ARGUMENTS
    }
    result = hints["return"]
    named = named_types()
    if result in named:
        outputs = _model_properties(named[result])
    else:
        outputs = {}
        for name, tp in declared_fields(result).items():
            spec, optional = type_spec(tp)
            text = INPUT_TEXT.get(f"{result.__name__}.{name}")
            if text is None:
                text = f"The `{camel_case(name)}` input as applied. {input_text(owner, name)}"
            outputs[name] = ({**spec, "description": text}, not optional)
    config = ", ".join(f"`{k}` (config `{PACKAGE}:{v}`)" for k, v in CONFIG_ARGUMENTS.items())
    description = (
        f"{sentence(doc(fn))} Python: `pulumi_vpsorg.{fn.__name__}()` and "
        f"`pulumi_vpsorg.{fn.__name__}_output()`, which also take {config}."
    )
    return {"description": description, "inputs": _object(inputs), "outputs": _object(outputs)}


# -- resources ----------------------------------------------------------------------------


def resource_spec(
    resource: type[pulumi.dynamic.Resource],
    model: type[BaseModel],
    to_state: Callable[..., Any],
) -> dict[str, Any]:
    """The resourceSpec of a dynamic resource.

    Inputs are its constructor's parameters; outputs what its provider writes to state (the
    ``model`` through ``to_state``), what it registers and what the class declares; secrets and
    replacements are what its options and its provider's ``diff`` say.
    """
    owner = registered_name(resource)
    init = resource.__init__
    hints = signature_hints(init)
    params = {
        name: param
        for name, param in inspect.signature(init).parameters.items()
        if name not in NOT_PROPERTIES
    }
    inputs = {
        name: _input_property(owner, name, hints[name], param.default)
        for name, param in params.items()
    }
    registration = Registration(
        resource,
        {
            name: probe_values(inputs[name][0])[0]
            for name, param in params.items()
            # An input an output echoes is given, as plain text: that echo is secret only by
            # condition (SECRET_ECHOES), which the plugin decides per request; the schema marks
            # what is always secret.
            if param.default is inspect.Parameter.empty or name in SECRET_ECHOES
        },
    )
    replaces = set(registration.replaces)
    for name, (spec, _) in inputs.items():
        old, new = probe_values(spec)
        diff = registration.provider.diff("schema", {name: old}, {name: new})
        replaces.update(diff.replaces or ())

    state = state_fields(model, to_state)
    declared = declared_fields(resource)
    names = list(dict.fromkeys([*inputs, *state, *registration.properties, *declared]))
    outputs: dict[str, tuple[dict[str, Any], bool]] = {}
    for name in names:
        if name in state:
            spec, required = _model_property(model, state[name], key=name)
            if name in inputs:
                spec["description"] += f" As an input: {inputs[name][0]['description']}"
        elif name in inputs:
            spec, required = dict(inputs[name][0]), inputs[name][1]
            spec.pop("default", None)
        else:
            spec, _ = type_spec(declared[name])
            spec["description"] = input_text(owner, name)
        if name in declared:
            # The resource class declares what is always set.
            required = not type_spec(declared[name])[1]
        if name in registration.secrets:
            spec["secret"] = True
        outputs[name] = (spec, required)
    input_props = _object(inputs)
    for name in replaces:
        input_props["properties"][camel_case(name)]["replaceOnChanges"] = True
        outputs[name][0]["replaceOnChanges"] = True
    output_props = _object(outputs)
    description = (
        f"{sentence(doc(resource))} Python class `pulumi_vpsorg.{resource.__name__}`; "
        f"implemented as the dynamic resource type `{dynamic_type(resource)}`, whose state keys "
        "are the snake_case forms of these property names."
    )
    return {
        "description": description,
        "inputProperties": input_props["properties"],
        "requiredInputs": input_props["required"],
        "properties": output_props["properties"],
        "required": output_props["required"],
        "type": "object",
    }


# -- the package --------------------------------------------------------------------------


def _metadata() -> dict[str, Any]:
    """Description, homepage, repository, license and keywords of the installed distribution."""
    meta = importlib.metadata.metadata(DISTRIBUTION)

    def first(key: str) -> str:
        return next(iter(meta.get_all(key) or ()), "")

    urls = dict(
        (label.strip().lower(), url.strip())
        for label, _, url in (entry.partition(",") for entry in meta.get_all("Project-URL") or [])
    )
    info: dict[str, Any] = {
        "description": first("Summary"),
        "keywords": [k.strip() for k in first("Keywords").split(",") if k.strip()],
        "license": first("License-Expression") or first("License"),
    }
    if "homepage" in urls:
        info["homepage"] = urls["homepage"]
    if "repository" in urls:
        info["repository"] = urls["repository"]
    return info


def _config() -> dict[str, Any]:
    """Provider configuration: the stack config keys, with their environment fallbacks."""
    return {
        "variables": {
            CONFIG_TOKEN_KEY: {
                "type": "string",
                "secret": True,
                "description": "VPS.org API token (Read, or Read+Write to change, pay or delete "
                "orders), sent as `Authorization: Bearer <token>`. Set it with `pulumi config "
                f"set {TOKEN_CONFIG} --secret`; falls back to `{ENV_TOKEN}`. "
                "Python functions also take `api_token`.",
                "defaultInfo": {"environment": [ENV_TOKEN]},
            },
            CONFIG_URL_KEY: {
                "type": "string",
                "default": DEFAULT_API_URL,
                "description": "Base URL of the VPS.org API (assumption A1); plain `http` only "
                f"for loopback hosts. Falls back to `{ENV_URL}`, then `{DEFAULT_API_URL}`. "
                "Python functions also take `api_url`.",
                "defaultInfo": {"environment": [ENV_URL]},
            },
            CONFIG_ORDERS_URL_KEY: {
                "type": "string",
                "default": DEFAULT_ORDERS_API_URL,
                "description": "Base URL of the orders endpoints (assumption A1: the orders "
                f"document's host); plain `http` only for loopback hosts. Falls back to "
                f"`{ENV_ORDERS_URL}`; when neither is set, a set `{URL_CONFIG}` / "
                f"`{ENV_URL}` other than the plans document's host serves orders too (one "
                "server for both, as the fake API's plans host), else "
                f"`{DEFAULT_ORDERS_API_URL}`.",
                "defaultInfo": {"environment": [ENV_ORDERS_URL]},
            },
            CONFIG_ORDERS_TOKEN_KEY: {
                "type": "string",
                "secret": True,
                "description": "VPS.org API token for the orders endpoints, when it differs from "
                f"`{TOKEN_CONFIG}` (assumption A1). Set it with `pulumi config set "
                f"{ORDERS_TOKEN_CONFIG} --secret`; falls back to "
                f"`{ENV_ORDERS_TOKEN}`, then to the API token.",
                "defaultInfo": {"environment": [ENV_ORDERS_TOKEN]},
            },
        }
    }


def _provider() -> dict[str, Any]:
    """The ``pulumi:providers:vpsorg`` resource: the config variables as its inputs.

    No ``default`` on the URLs: an SDK would send it as an explicit value, and an explicit plans
    URL also stands for the orders URL (``_config.StackConfig.client_kwargs``).
    """
    variables = _config()["variables"]
    inputs = {}
    for key, spec in variables.items():
        prop = {k: v for k, v in spec.items() if k != "default"}
        prop["description"] = prop["description"].replace(
            "Python functions also take", "The Python functions take"
        )
        inputs[key] = prop
    return {
        "description": "The provider type of the VPS.org package: an explicit provider takes the "
        "settings the stack config `vpsorg:*` gives the default one, with the same environment "
        "fallbacks. Served by the native plugin `pulumi-resource-vpsorg`.",
        "inputProperties": inputs,
        "properties": inputs,
        "type": "object",
    }


def build_schema() -> dict[str, Any]:
    """The package schema as a JSON-able dict."""
    return {
        "name": PACKAGE,
        "displayName": "VPS.org",
        "version": __version__,
        **_metadata(),
        "meta": {"moduleFormat": "(.*)(?:/[^/]*)"},
        "config": _config(),
        "provider": _provider(),
        "types": {type_token(m.__name__): object_type(m) for m in OBJECT_TYPES},
        "functions": {function_token(fn.__name__): function_spec(fn) for fn in FUNCTIONS},
        "resources": {resource_token(r): resource_spec(r, m, s) for r, m, s in RESOURCES},
        "language": {
            "python": {"packageName": "pulumi_vpsorg"},
            # The SDKs carry the package's version (not a placeholder for release tooling).
            "nodejs": {"packageName": NODEJS_PACKAGE, "respectSchemaVersion": True},
            "go": {"importBasePath": GO_IMPORT_PATH, "respectSchemaVersion": True},
        },
    }


def render(schema: Mapping[str, Any] | None = None) -> str:
    """The schema as ``schema.json`` holds it: sorted keys, two-space indent, final newline."""
    return json.dumps(build_schema() if schema is None else schema, indent=2, sort_keys=True) + "\n"
