"""Reference timing for bench/fit.ts: scipy.optimize.curve_fit on the same series.

Reads a JSON file {"floor": f, "series": [{"x": [...], "y": [...], "p0": [c, k, x0]}, ...]},
fits y = f + (c - f) / (1 + exp(-k (x - x0))) with curve_fit (method 'lm', scipy's default for
unbounded problems, finite-difference Jacobian) from the given p0, and prints one JSON line:
{"us_per_fit": ..., "rss": [...], "failed": n, "scipy": version}.
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

    def model(x, c, k, x0):
        return f + (c - f) / (1 + np.exp(-k * (x - x0)))

    data = [(np.asarray(s["x"]), np.asarray(s["y"]), s["p0"]) for s in job["series"]]
    # Warm-up so imports and first-call costs are not timed.
    for x, y, p0 in data[:20]:
        try:
            curve_fit(model, x, y, p0=p0)
        except Exception:
            pass
    rss = []
    failed = 0
    t0 = time.perf_counter()
    for x, y, p0 in data:
        try:
            p, _ = curve_fit(model, x, y, p0=p0, maxfev=2000)
            rss.append(float(np.sum((model(x, *p) - y) ** 2)))
        except Exception:
            failed += 1
            rss.append(None)
    dt = time.perf_counter() - t0
    print(json.dumps({"us_per_fit": dt / len(data) * 1e6, "rss": rss, "failed": failed, "scipy": scipy.__version__}))


if __name__ == "__main__":
    main(sys.argv[1])
