"""Executes notebooks headless with nbclient and the tslab kernel, in place (used by test/notebooks).

    .venv/bin/python scripts/execute-notebooks.py [--cell-timeout S] NOTEBOOK.ipynb ...

Each notebook runs with its own folder as the working directory (tslab's rootDir, so
`./exercises/...` imports resolve) and is saved back with its outputs. Every code cell gets
metadata.clickstream_lab.status = the kernel's reply ("ok", "error", "abort", "timeout"; "kernel-error" when the
kernel died or did not start, after one retry if nothing had run): tslab
reports errors as stderr text, not as `error` outputs, so the reply status is the reliable verdict.
Errors never stop a run (a stub pass expects them); the caller judges the statuses.
"""
import argparse
import asyncio
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError

# tslab cancels every request that arrives within 200 ms after a failed cell (its fix for
# yunabe/tslab#19); nbclient sends the next cell at once, so it would be dropped as "abort".
AFTER_ERROR_PAUSE_S = 0.3


def execute(path, cell_timeout, retries=1):
    nb = nbformat.read(path, as_version=4)
    state = {"failed": False}

    async def before(cell, cell_index, **_):
        if state["failed"]:
            await asyncio.sleep(AFTER_ERROR_PAUSE_S)
            state["failed"] = False

    def after(cell, cell_index, execute_reply, **_):
        status = execute_reply["content"].get("status", "unknown") if execute_reply else "unknown"
        cell.metadata.setdefault("clickstream_lab", {})["status"] = status
        state["failed"] = status != "ok"

    client = NotebookClient(
        nb,
        kernel_name="tslab",
        timeout=cell_timeout,
        allow_errors=True,
        record_timing=True,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        on_cell_execute=before,
        on_cell_executed=after,
    )
    try:
        client.execute()
    except CellTimeoutError as err:
        # The cell that timed out has no reply; mark it, keep what ran, and say so.
        mark_first_unrun(nb, "timeout", str(err).splitlines()[0])
    except Exception as err:  # noqa: BLE001 - a kernel that died or never started: this notebook's verdict, not the run's
        reason = f"{type(err).__name__}: {(str(err).splitlines() or [''])[0]}"
        print(f"kernel failure in {path}: {reason}", file=sys.stderr, flush=True)
        if not any("clickstream_lab" in c.metadata for c in nb.cells) and retries > 0:
            # Nothing ran: the kernel did not start (seen once under load). One more try.
            return execute(path, cell_timeout, retries - 1)
        mark_first_unrun(nb, "kernel-error", reason)
    nbformat.write(nb, path)


def mark_first_unrun(nb, status, error):
    for cell in nb.cells:
        if cell.cell_type == "code" and "clickstream_lab" not in cell.metadata:
            cell.metadata["clickstream_lab"] = {"status": status, "error": error}
            break


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell-timeout", type=int, default=300)
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args()
    for path in args.notebooks:
        print(f"executing {path}", flush=True)
        execute(path, args.cell_timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
