"""One measurement in a fresh process, printed as JSON (run by bench/run.py).

python bench/measure.py load LEDGER        # Beancount load: seconds, peak memory, counts
python bench/measure.py layer LEDGER       # kongtun's plugin alone on the loaded entries
python bench/measure.py collector LEDGER   # Beancount load: Python's full collections in it
python bench/measure.py pages LEDGER       # Fava: balance sheet API vs kongtun's page
python bench/measure.py import welfare     # importing kongtun's plugin (and the welfare model)
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from typing import Any

os.environ["BEANCOUNT_DISABLE_LOAD_CACHE"] = "1"

from beancount import loader


def peak_mb() -> float:
    """This program's peak memory: VmHWM, which (unlike ru_maxrss) starts afresh at exec, so
    the parent's memory at the fork is not counted."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(path: str) -> dict[str, Any]:
    start, cpu = time.perf_counter(), time.process_time()
    entries, errors, _ = loader.load_file(path)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "peak_mb": peak_mb(),
        "entries": len(entries),
        "errors": len(errors),
    }


def collector(path: str) -> dict[str, Any]:
    """A load, with the number of Python's collections of each generation during it.

    Read from ``gc.get_stats()`` before and after, not with a callback: a callback allocates
    on every collection and would itself move the collector's steps. Read by
    bench/collector.py."""
    import gc  # noqa: PLC0415 - only this measurement

    before = [generation["collections"] for generation in gc.get_stats()]
    result = load(path)
    after = [generation["collections"] for generation in gc.get_stats()]
    young, middle, full = (end - start for start, end in zip(before, after, strict=True))
    return {
        **result,
        "young_collections": young,
        "middle_collections": middle,
        "full_collections": full,
        "tracked_objects": len(gc.get_objects()),
    }


def layer(path: str) -> dict[str, Any]:
    from kongtun.plugins.fund import check_fund  # noqa: PLC0415 - only this measurement

    entries, _, options = loader.load_file(path)
    start, cpu = time.perf_counter(), time.process_time()
    _, errors = check_fund(entries, options)
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "errors": len(errors),
    }


def pages(path: str) -> dict[str, Any]:
    from fava.application import create_app  # noqa: PLC0415 - only this measurement

    app = create_app([path])
    client = app.test_client()
    slug = client.get("/").headers["Location"].strip("/").split("/")[0]
    assert client.get(f"/{slug}/api/errors").status_code == 200  # loads the ledger
    timings = {}
    for name, url in (
        ("balance_sheet", f"/{slug}/api/balance_sheet"),
        ("kongtun_overview", f"/{slug}/extension/KongTun/"),
    ):
        start = time.perf_counter()
        response = client.get(url)
        timings[name] = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
    return timings


def import_plugin(kind: str) -> dict[str, Any]:
    """The import every load pays before its pass: kongtun's plugin (and, with ``welfare``,
    the welfare model a welfare fund imports), after Beancount's loader (docs/performance.md,
    *Round 8: the import*). Byte code compiled first (``python -m compileall``)."""
    start, cpu = time.perf_counter(), time.process_time()
    import kongtun.plugins.fund  # noqa: PLC0415 - what is measured

    if kind == "welfare":
        import kongtun.ledger.welfare.book  # noqa: F401, PLC0415

    return {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu}


if __name__ == "__main__":
    what, argument = sys.argv[1], sys.argv[2]
    if what == "import":
        print(json.dumps(import_plugin(argument)))
    else:
        measurements = {"load": load, "layer": layer, "collector": collector, "pages": pages}
        print(json.dumps(measurements[what](os.path.abspath(argument))))
