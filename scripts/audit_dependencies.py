"""Known vulnerabilities in the installed dependencies (`make audit` runs it, through the test marked `network`).

pip-audit asks PyPI for each release (/pypi/NAME/VERSION/json). Where a registry answers only for projects
(/pypi/NAME/json: the latest release and the vulnerabilities known for it), a dependency pip-audit could not
check is checked against that page when it is installed at the latest release; one installed at an older
release (held back by a version bound or by this Python) cannot be checked here and is named.

Exit status: 0 no known vulnerability in what could be audited (what could not is listed); 1 a known
vulnerability (listed with its id and the release that fixes it); 3 nothing could be audited (no vulnerability
source reachable).
"""

from __future__ import annotations

import json
import subprocess  # nosec B404 - runs this environment's own pip-audit
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

from packaging.utils import canonicalize_name

PROJECT_PAGE = "https://pypi.org/pypi/{name}/json"
NOTHING_AUDITED = 3
OWN_PROJECT = "naleving"


@dataclass
class Audit:
    audited: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    unaudited: list[str] = field(default_factory=list)


def installed() -> dict[str, str]:
    """Canonical name -> version of every distribution in this environment."""
    return {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}


def pip_audit() -> list[dict]:
    """pip-audit's verdict per dependency (the project itself, installed editable, is left out). Without a
    report from it, every dependency is left to the project pages."""
    command = [str(Path(sys.executable).parent / "pip-audit"), "--progress-spinner", "off", "--skip-editable"]
    result = subprocess.run(  # noqa: S603  # nosec B603 - a fixed command: this environment's own pip-audit
        [*command, "--format", "json"], capture_output=True, text=True, timeout=600, check=False
    )
    try:
        return json.loads(result.stdout)["dependencies"]
    except (json.JSONDecodeError, KeyError):
        print(f"pip-audit gave no report: {result.stderr.strip()[-300:]}", file=sys.stderr)
        return [
            {"name": name, "skip_reason": "no report from pip-audit"}
            for name in installed()
            if name != OWN_PROJECT
        ]


def project_page(name: str) -> dict | None:
    try:
        with urlopen(PROJECT_PAGE.format(name=name), timeout=30) as response:  # noqa: S310  # nosec B310 - a fixed https address
            return json.load(response)
    except (URLError, TimeoutError, json.JSONDecodeError):
        return None


def vulnerability_lines(name: str, version: str, vulnerabilities: list[dict]) -> list[str]:
    lines = []
    for vulnerability in vulnerabilities:
        if vulnerability.get("withdrawn"):
            continue
        ident = vulnerability.get("id", "?")
        aliases = ", ".join(vulnerability.get("aliases") or [])
        fixed = ", ".join(vulnerability.get("fixed_in") or []) or "no release yet"
        lines.append(f"{name} {version}: {ident}{f' ({aliases})' if aliases else ''}, fixed in {fixed}")
    return lines


def audit() -> Audit:
    versions = installed()
    result = Audit()
    unchecked = []
    for dependency in pip_audit():
        name = canonicalize_name(dependency["name"])
        version = dependency.get("version") or versions.get(name, "?")
        if "editable" in dependency.get("skip_reason", ""):
            continue  # Naleving itself
        if "skip_reason" in dependency:
            unchecked.append((name, version))
            continue
        result.audited.append(name)
        result.findings += vulnerability_lines(name, version, dependency.get("vulns", []))
    with ThreadPoolExecutor(max_workers=8) as pool:
        pages = list(pool.map(project_page, [name for name, _version in unchecked]))
    for (name, version), page in zip(unchecked, pages, strict=True):
        if page is None:
            result.unaudited.append(f"{name} {version}: not found on PyPI or PyPI not reachable")
        elif page["info"]["version"] != version:
            result.unaudited.append(
                f"{name} {version}: PyPI's latest is {page['info']['version']}, and here it answers for "
                "the latest release only"
            )
        else:
            result.audited.append(name)
            result.findings += vulnerability_lines(name, version, page.get("vulnerabilities", []))
    return result


def main() -> int:
    result = audit()
    print(f"audited {len(result.audited)} dependencies; known vulnerabilities: {len(result.findings)}")
    for line in result.findings:
        print(f"  VULNERABLE {line}")
    for line in result.unaudited:
        print(f"  not audited: {line}")
    if result.findings:
        return 1
    return 0 if result.audited else NOTHING_AUDITED


if __name__ == "__main__":
    sys.exit(main())
