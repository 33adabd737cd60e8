"""Executes notebooks with nbclient and fails on the first cell error (used by `cargo test`).

Usage: python notebooks/run.py NOTEBOOK.ipynb [...]
The kernel is this interpreter's (its folder goes first on PATH so `python -m ipykernel` is ours).
Outputs are not written back: the notebooks stay saved without outputs.
"""
import os
import sys

import nbformat
from nbclient import NotebookClient


def main(paths):
    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
        client.execute()
        cells = sum(1 for c in nb.cells if c.cell_type == "code")
        print(f"{path}: {cells} code cells ran")


if __name__ == "__main__":
    main(sys.argv[1:])
