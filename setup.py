"""Build hook: the wheel carries the notebooks and the IMVBox demo organisation (privacy_inventory/bundle/)."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLE = (("notebooks", "*.ipynb"), ("inventory/imvbox", "*"))
SKIP = shutil.ignore_patterns("*.sqlite", "*.sqlite-journal", "overrides.yaml", ".ipynb_checkpoints", "__pycache__")


class BuildPyWithBundle(build_py):
    """build_py, then copy the notebooks and the demo inventory next to the package's code."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install finds them in the checkout
        target = Path(self.build_lib) / "privacy_inventory" / "bundle"
        for rel, pattern in BUNDLE:
            source, dest = ROOT / rel, target / rel
            if dest.exists():
                shutil.rmtree(dest)
            if pattern == "*":
                shutil.copytree(source, dest, ignore=SKIP)
            else:
                dest.mkdir(parents=True)
                for path in sorted(source.glob(pattern)):
                    shutil.copyfile(path, dest / path.name)


setup(cmdclass={"build_py": BuildPyWithBundle})
