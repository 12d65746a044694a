"""The Python side of build/bench-drift.sh.

  drift_python.py compute <dir> <runs>   loads the .f64 files (not timed), then times scipy.stats.ks_2samp and the
                                         NumPy PSI of tests/Lineage.Tests/Drift/drift_reference.py per feature
                                         (best of <runs>); prints one JSON object.
  drift_python.py e2e <ref.csv> <cur.csv> numpy.loadtxt of both files, then the same statistics: what a Python job
                                         does from CSV to report; prints the report as JSON.
"""
import json
import os
import sys
import time

import numpy as np
from scipy import stats

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests', 'Lineage.Tests', 'Drift'))
from drift_reference import psi  # noqa: E402

FEATURES = ['same', 'small', 'shifted', 'integers']


def statistics(a, b):
    ks = stats.ks_2samp(a, b)
    return {'ks_statistic': float(ks.statistic), 'ks_pvalue': float(ks.pvalue), 'psi': psi(a, b, 10, 1e-4)}


def compute(directory, runs):
    out = {}
    for name in FEATURES:
        a = np.fromfile(os.path.join(directory, f'{name}.ref.f64'), dtype='<f8')
        b = np.fromfile(os.path.join(directory, f'{name}.cur.f64'), dtype='<f8')
        best, best_cpu = float('inf'), float('inf')
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = statistics(a, b)
            best = min(best, time.perf_counter() - start)
            best_cpu = min(best_cpu, time.process_time() - start_cpu)
        result['seconds'] = best
        result['cpu_seconds'] = best_cpu
        out[name] = result
    print(json.dumps(out))


def e2e(reference, current):
    ref = np.loadtxt(reference, delimiter=',', skiprows=1, ndmin=2)
    cur = np.loadtxt(current, delimiter=',', skiprows=1, ndmin=2)
    with open(reference) as f:
        names = f.readline().strip().split(',')
    report = {name: statistics(ref[:, i], cur[:, i]) for i, name in enumerate(names)}
    print(json.dumps(report))


if __name__ == '__main__':
    if sys.argv[1] == 'compute':
        compute(sys.argv[2], int(sys.argv[3]))
    else:
        e2e(sys.argv[2], sys.argv[3])
