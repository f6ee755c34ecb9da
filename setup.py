"""Ship the top-level templates/ and static/ in the wheel, as review/templates and review/static.

They stay top-level in the repository (one place to edit the UI); an editable install reads them
there, and a built wheel carries copies so that `pip install .` works from any directory.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
UI_FOLDERS = ("templates", "static")


class BuildWithUI(build_py):
    """build_py that also copies the UI folders into the built package."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the folders in the checkout
        for name in UI_FOLDERS:
            target = Path(self.build_lib) / "review" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(HERE / name, target)


setup(cmdclass={"build_py": BuildWithUI})
