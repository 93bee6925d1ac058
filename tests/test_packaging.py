"""What users install: ``python -m build`` of the checkout makes a wheel and an sdist holding
exactly the package, its data and the documents; their metadata is complete; the version is
written once; and the wheel, installed into a fresh virtualenv, runs an example copied outside
the checkout against the fake API. Needs the package index (PyPI) for the build backend and the
wheel's dependencies, as ``pip install -e '.[test]'`` does."""

from __future__ import annotations

import email.parser
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.message import Message
from pathlib import Path

import pytest

from pulumi_vpsorg._version import __version__
from pulumi_vpsorg.assumptions import DEFAULT_API_URL
from pulumi_vpsorg.testing import FakeVpsOrgApi

from .packaging_support import ROOT, source_files

PACKAGE_DATA = {"py.typed", "pulumi-plugin.json", "schema/schema.json"}
SDIST_DOCUMENTS = {"README.md", "LICENSE", "CHANGELOG.md", "schema.json"}
#: sha256 of apache.org's LICENSE-2.0.txt (11358 bytes; md5 3b83ef96387f14655fc854ddc3c6bd57).
APACHE_2_SHA256 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"
CLASSIFIERS = [
    "Development Status :: 4 - Beta",
    "Intended Audience :: Developers",
    "Intended Audience :: System Administrators",
    "Operating System :: OS Independent",
    "Programming Language :: Python :: 3",
    "Programming Language :: Python :: 3 :: Only",
    "Programming Language :: Python :: 3.10",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
    "Programming Language :: Python :: 3.13",
    "Topic :: Software Development :: Libraries :: Python Modules",
    "Topic :: System :: Systems Administration",
    "Typing :: Typed",
]
REPOSITORY = "https://github.com/vpsorg/pulumi-vpsorg"
PROJECT_URLS = [
    f"Homepage, {REPOSITORY}",
    f"Repository, {REPOSITORY}",
    f"Issues, {REPOSITORY}/issues",
    f"Changelog, {REPOSITORY}/blob/main/CHANGELOG.md",
    f"Documentation, {REPOSITORY}#readme",
]
CONSOLE_SCRIPTS = {
    "vpsorg = pulumi_vpsorg.cli:main",
    "vpsorg-fake-api = pulumi_vpsorg.testing.fake_api.__main__:main",
    "vpsorg-quickstart = pulumi_vpsorg.quickstart:main",
    "pulumi-resource-vpsorg = pulumi_vpsorg.plugin:main",
}


def package_files() -> set[str]:
    """What the wheel must hold of ``pulumi_vpsorg/``: every module and the package data."""
    modules = {
        name.removeprefix("pulumi_vpsorg/")
        for name in source_files()
        if name.startswith("pulumi_vpsorg/") and name.endswith(".py")
    }
    return modules | PACKAGE_DATA


class Built:
    def __init__(self, dist: Path) -> None:
        (self.wheel,) = dist.glob("*.whl")
        (self.sdist,) = dist.glob("*.tar.gz")


@pytest.fixture(scope="module")
def built(readme_build: Path) -> Built:
    """``python -m build`` of a copy of the checkout's files (the checkout stays untouched), as
    the README's build block runs it (tests/conftest.py)."""
    return Built(readme_build / "dist")


def metadata(text: str) -> Message:
    return email.parser.Parser().parsestr(text)


def test_wheel_holds_the_package_its_data_and_the_license(built: Built) -> None:
    assert built.wheel.name == f"pulumi_vpsorg-{__version__}-py3-none-any.whl"
    info = f"pulumi_vpsorg-{__version__}.dist-info"
    with zipfile.ZipFile(built.wheel) as wheel:
        names = set(wheel.namelist())
        assert names == {f"pulumi_vpsorg/{name}" for name in package_files()} | {
            f"{info}/{name}"
            for name in (
                "METADATA",
                "WHEEL",
                "RECORD",
                "entry_points.txt",
                "top_level.txt",
                "licenses/LICENSE",
            )
        }
        assert wheel.read(f"{info}/licenses/LICENSE") == (ROOT / "LICENSE").read_bytes()
        assert wheel.read("pulumi_vpsorg/schema/schema.json") == (ROOT / "schema.json").read_bytes()
        assert json.loads(wheel.read("pulumi_vpsorg/pulumi-plugin.json")) == {"resource": False}
        assert wheel.read("pulumi_vpsorg/py.typed") == b""
        entry_points = wheel.read(f"{info}/entry_points.txt").decode()
        meta = metadata(wheel.read(f"{info}/METADATA").decode())

    scripts = entry_points.split("[console_scripts]\n", 1)[1]
    assert {line for line in scripts.splitlines() if line} == CONSOLE_SCRIPTS
    check_metadata(meta)


def check_metadata(meta: Message) -> None:
    assert meta["Name"] == "pulumi-vpsorg"
    assert meta["Version"] == __version__
    assert meta["License-Expression"] == "Apache-2.0"
    assert meta.get_all("License-File") == ["LICENSE"]
    assert meta["Requires-Python"] == ">=3.10"
    assert meta.get_all("Classifier") == CLASSIFIERS
    assert meta.get_all("Project-URL") == PROJECT_URLS
    assert meta["Description-Content-Type"] == "text/markdown"
    assert meta.get_payload() == (ROOT / "README.md").read_text(encoding="utf-8")
    assert meta.get_all("Provides-Extra") == ["policy", "test"]


def test_sdist_holds_the_package_the_schema_and_the_documents(built: Built) -> None:
    top = f"pulumi_vpsorg-{__version__}"
    assert built.sdist.name == f"{top}.tar.gz"
    with tarfile.open(built.sdist) as sdist:
        members = {m.name.removeprefix(f"{top}/"): m for m in sdist.getmembers() if m.isfile()}
        egg_info = {
            f"pulumi_vpsorg.egg-info/{name}"
            for name in (
                "PKG-INFO",
                "SOURCES.txt",
                "dependency_links.txt",
                "entry_points.txt",
                "requires.txt",
                "top_level.txt",
            )
        }
        assert set(members) == (
            {f"pulumi_vpsorg/{name}" for name in package_files()}
            | SDIST_DOCUMENTS
            | {"PKG-INFO", "pyproject.toml", "setup.cfg", "MANIFEST.in"}
            | egg_info
        )
        for name in SDIST_DOCUMENTS | {"pyproject.toml"}:
            extracted = sdist.extractfile(members[name])
            assert extracted is not None
            assert extracted.read() == (ROOT / name).read_bytes(), name
        pkg_info = sdist.extractfile(members["PKG-INFO"])
        assert pkg_info is not None
        check_metadata(metadata(pkg_info.read().decode()))


def test_license_is_the_apache_license_2_0_text() -> None:
    text = (ROOT / "LICENSE").read_bytes()
    assert hashlib.sha256(text).hexdigest() == APACHE_2_SHA256
    assert b"Apache License\n                           Version 2.0, January 2004" in text


def test_the_packaged_schema_is_the_generated_one() -> None:
    packaged = ROOT / "pulumi_vpsorg" / "schema" / "schema.json"
    assert packaged.read_bytes() == (ROOT / "schema.json").read_bytes(), (
        "the packaged schema differs: cp schema.json pulumi_vpsorg/schema/schema.json"
    )
    assert json.loads(packaged.read_text())["version"] == __version__


#: Files that may spell the version: the one place, the changelog, the generated schema (its
#: version comes from ``_version``), and the policy pack's own version (PulumiPolicy.yaml).
VERSION_MAY_APPEAR = {
    "pulumi_vpsorg/_version.py",
    "CHANGELOG.md",
    "schema.json",
    "pulumi_vpsorg/schema/schema.json",
    "examples/policy-pack/PulumiPolicy.yaml",
}
#: Generated from schema.json by `scripts/gen-sdk` (which carries the version): checked by CI.
GENERATED = ("sdk/",)


def test_the_version_is_written_once() -> None:
    spelled = re.compile(rf"(?<![\w.]){re.escape(__version__)}(?![\w.])")
    found = set()
    for name in source_files():
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if spelled.search(text) and not name.startswith(GENERATED):
            found.add(name)
    assert found <= VERSION_MAY_APPEAR, sorted(found - VERSION_MAY_APPEAR)
    assert '__version__ = "' in (ROOT / "pulumi_vpsorg" / "_version.py").read_text()
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject
    assert 'version = { attr = "pulumi_vpsorg._version.__version__" }' in pyproject


def test_changelog_has_unreleased_and_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text()
    headings = re.findall(r"^## \[([^\]]+)\]", changelog, flags=re.M)
    assert headings[:1] == ["Unreleased"]
    assert __version__ in headings
    for heading in headings:
        assert re.search(rf"^\[{re.escape(heading)}\]: https://", changelog, flags=re.M), heading


@pytest.mark.parametrize(
    ("path", "ignored"),
    [
        ("examples/select-plan/Pulumi.dev.yaml", True),
        ("examples/policy-pack/Pulumi.prod.yaml", True),
        ("templates/vpsorg-python/Pulumi.dev.yaml", True),
        ("examples/select-plan/venv/pyvenv.cfg", True),
        ("dist/pulumi_vpsorg-1.0.0-py3-none-any.whl", True),
        ("build/lib/pulumi_vpsorg/__init__.py", True),
        ("pulumi_vpsorg.egg-info/PKG-INFO", True),
        ("examples/select-plan/Pulumi.yaml", False),
        ("templates/vpsorg-python/Pulumi.yaml", False),
        ("examples/policy-pack/PulumiPolicy.yaml", False),
    ],
)
def test_gitignore(path: str, ignored: bool) -> None:
    checked = subprocess.run(
        ["git", "check-ignore", "--no-index", "-q", path], cwd=ROOT, check=False
    )
    assert checked.returncode == (0 if ignored else 1), path


def test_template_leaves_the_api_url_to_the_package() -> None:
    # No default: `pulumi new --yes` writes none, so VPSORG_API_URL, else the real API, applies.
    pulumi_yaml = (ROOT / "templates" / "vpsorg-python" / "Pulumi.yaml").read_text()
    url = pulumi_yaml.split("    vpsorg:apiUrl:\n", 1)[1].split("\n    minVcpus:", 1)[0]
    assert (
        url
        == f"      description: The VPS.org API URL (empty for VPSORG_API_URL, else {DEFAULT_API_URL})"
    )
    requirements = (ROOT / "templates" / "vpsorg-python" / "requirements.txt").read_text()
    lines = [line for line in requirements.splitlines() if not line.startswith("#")]
    assert lines == ["pulumi-vpsorg", "pulumi>=3.153.1,<4"]


@pytest.fixture(scope="module")
def venv(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel installed (and what it depends on, from the index)."""
    path = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=300)
    done = subprocess.run(
        [str(path / "bin" / "pip"), "install", "--quiet", str(built.wheel)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return path


def outside(tmp_path: Path) -> dict[str, str]:
    """An environment in which nothing of the checkout is importable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VPSORG_"))}
    env["HOME"] = str(tmp_path)
    return env


_RUN_EXAMPLE = """
import json, os, sys
import pulumi_vpsorg
from importlib.resources import files
from pulumi_vpsorg.testing import run_program

result = run_program(
    sys.argv[1],
    api_url=os.environ["FAKE_API_URL"],
    api_token=os.environ["FAKE_API_TOKEN"],
    config={"minVcpus": 4, "minMemory": 8192, "location": "eu-central"},
)
print(json.dumps({
    "module": pulumi_vpsorg.__file__,
    "plugin": json.loads((files("pulumi_vpsorg") / "pulumi-plugin.json").read_text()),
    "schema_version": json.loads((files("pulumi_vpsorg.schema") / "schema.json").read_text())[
        "version"
    ],
    "outputs": result.outputs,
}))
"""


def test_wheel_runs_an_example_copied_outside_the_checkout(
    venv: Path, tmp_path: Path, fake_api: FakeVpsOrgApi
) -> None:
    project = tmp_path / "my-plan"
    shutil.copytree(ROOT / "examples" / "select-plan", project)
    env = outside(tmp_path) | {"FAKE_API_URL": fake_api.url, "FAKE_API_TOKEN": fake_api.token}
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-c", _RUN_EXAMPLE, str(project)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)

    # The wheel's copy in the new virtualenv, not this checkout.
    assert Path(shown["module"]).is_relative_to(venv)
    assert shown["plugin"] == {"resource": False}
    assert shown["schema_version"] == __version__
    performance = {
        "id": 3,
        "slug": "performance",
        "name": "Performance VPS",
        "vcpus": 4,
        "memoryMb": 8192,
        "priceMonthlyUsd": 20.0,
        "priceHourlyUsd": 0.03,
    }
    assert shown["outputs"] == {
        "constraints": {"minVcpus": 4, "minMemoryMb": 8192, "location": "eu-central"},
        "selectPlan": performance,
        "planLookup": performance,
        "sameChoice": True,
    }
    assert fake_api.token not in done.stdout + done.stderr


def test_wheel_quickstart_runs_the_examples_under_the_mocks(venv: Path, tmp_path: Path) -> None:
    examples = tmp_path / "examples"
    shutil.copytree(
        ROOT / "examples", examples, ignore=shutil.ignore_patterns("venv", "Pulumi.*.yaml")
    )
    done = subprocess.run(
        [str(venv / "bin" / "vpsorg-quickstart"), "--engine", "mocks", "--examples", str(examples)],
        cwd=tmp_path,
        env=outside(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^4 examples passed, 0 failed \(", done.stdout, flags=re.M), done.stdout
