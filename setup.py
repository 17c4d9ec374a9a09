"""Maps every top-level folder F of the repository to the import name ``kiblat.F``.

``platform/`` deliberately has no ``__init__.py``: a regular package named
``platform`` would shadow the standard library's ``platform`` module when the
repository root is on ``sys.path`` (gunicorn, uuid and SQLAlchemy import it).
"""

from setuptools import find_namespace_packages, setup

TOP_LEVEL_FOLDERS = ("platform", "tenants", "modules", "migrations", "provisioning")
PACKAGE_DATA_PATTERNS = [
    "*.html", "*.xml", "*.txt", "*.css", "*.js", "*.svg", "*.png", "*.ico",
    "*.po", "*.pot", "*.mo", "*.gz", "*.csv", "*.mako", "*.yaml", "*.json",
    "*.md", "*.conf", "LICENSE",
]


def _packages() -> tuple[list[str], dict[str, str]]:
    packages: list[str] = []
    package_dir: dict[str, str] = {}
    for folder in TOP_LEVEL_FOLDERS:
        root = f"kiblat.{folder}"
        package_dir[root] = folder
        packages.append(root)
        packages += [
            f"{root}.{name}"
            for name in find_namespace_packages(folder, exclude=["*__pycache__*"])
        ]
    return packages, package_dir


packages, package_dir = _packages()

setup(
    packages=packages,
    package_dir=package_dir,
    package_data={name: PACKAGE_DATA_PATTERNS for name in packages},
    include_package_data=False,
)
