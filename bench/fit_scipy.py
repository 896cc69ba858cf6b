"""Reference timing for bench/fit.ts: scipy.optimize.curve_fit on the same series.

Reads a JSON file {"floor": f, "repeats": R, "series": [{"x": [...], "y": [...], "p0": [c, k, x0]}, ...]},
fits y = f + (c - f) / (1 + exp(-k (x - x0))) with curve_fit (method 'lm', scipy's default for
unbounded problems, finite-difference Jacobian, covariance included as curve_fit always returns it)
from the given p0, and prints one JSON line:
{"us_per_fit": median wall µs, "cpu_us_per_fit": median process-CPU µs, "thread_us_per_fit": median
 CPU µs of this thread (time.thread_time), "passes": [...], "rss": [...],
 "failed": n, "scipy": version}. The first 20 series are fitted once untimed (imports, first calls);
then R timed passes over all series; the median pass is reported.
"""
import json
import sys
import time
import warnings

import numpy as np
import scipy
from scipy.optimize import curve_fit

warnings.filterwarnings("ignore")


def main(path):
    job = json.load(open(path))
    f = job["floor"]
    repeats = int(job.get("repeats", 1))

    def model(x, c, k, x0):
        return f + (c - f) / (1 + np.exp(-k * (x - x0)))

    data = [(np.asarray(s["x"]), np.asarray(s["y"]), s["p0"]) for s in job["series"]]
    for x, y, p0 in data[:20]:
        try:
            curve_fit(model, x, y, p0=p0)
        except Exception:
            pass
    walls = []
    cpus = []
    threads = []
    rss = []
    failed = 0
    for rep in range(repeats):
        t0 = time.perf_counter()
        c0 = time.process_time()
        h0 = time.thread_time()
        out = []
        for x, y, p0 in data:
            try:
                p, _ = curve_fit(model, x, y, p0=p0, maxfev=2000)
                out.append(p)
            except Exception:
                out.append(None)
        walls.append((time.perf_counter() - t0) / len(data) * 1e6)
        cpus.append((time.process_time() - c0) / len(data) * 1e6)
        threads.append((time.thread_time() - h0) / len(data) * 1e6)
        if rep == 0:
            for (x, y, _), p in zip(data, out):
                if p is None:
                    failed += 1
                    rss.append(None)
                else:
                    rss.append(float(np.sum((model(x, *p) - y) ** 2)))
    print(json.dumps({
        "us_per_fit": float(np.median(walls)),
        "cpu_us_per_fit": float(np.median(cpus)),
        "thread_us_per_fit": float(np.median(threads)),
        "passes": walls,
        "rss": rss,
        "failed": failed,
        "scipy": scipy.__version__,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
