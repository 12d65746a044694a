"""The reference side of the drift differential test and the PSI rule in NumPy.

Usage: drift_reference.py --check            prints the SciPy and NumPy versions (exit 1 when either is missing)
       drift_reference.py <cases.bin> <out.bin>
cases.bin: int32 count, then per case int32 n1, int32 n2, int32 bins, float64 epsilon, n1 + n2 float64 values
(little-endian). out.bin: per case float64 D, p-value, PSI, and the KS method flag (1 exact, 0 asymptotic).
"""
import math
import struct
import sys

import numpy as np
from scipy import stats


def psi(reference, current, bins, epsilon):
    """PSI as docs/drift.md defines it: reference quantile edges (numpy 'linear'), de-duplicated, values equal to
    an edge go to the bin above (searchsorted side='right'), empty proportions become epsilon, summed in bin order."""
    quantiles = [i / bins for i in range(1, bins)]
    edges = np.unique(np.quantile(reference, quantiles))
    ref_counts = np.bincount(np.searchsorted(edges, reference, side='right'), minlength=len(edges) + 1)
    cur_counts = np.bincount(np.searchsorted(edges, current, side='right'), minlength=len(edges) + 1)
    total = 0.0
    for r, c in zip(ref_counts, cur_counts):
        pr = float(r) / len(reference)
        pc = float(c) / len(current)
        if pr == 0:
            pr = epsilon
        if pc == 0:
            pc = epsilon
        total += (pc - pr) * math.log(pc / pr)
    return total


def main():
    if sys.argv[1:] == ['--check']:
        import scipy
        print(f"scipy {scipy.__version__} numpy {np.__version__}")
        return 0
    data = open(sys.argv[1], 'rb').read()
    (count,) = struct.unpack_from('<i', data, 0)
    pos = 4
    out = []
    for _ in range(count):
        n1, n2, bins = struct.unpack_from('<iii', data, pos)
        pos += 12
        (epsilon,) = struct.unpack_from('<d', data, pos)
        pos += 8
        a = np.frombuffer(data, dtype='<f8', count=n1, offset=pos)
        pos += 8 * n1
        b = np.frombuffer(data, dtype='<f8', count=n2, offset=pos)
        pos += 8 * n2
        import warnings
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            res = stats.ks_2samp(a, b)
        exact = 1.0 if max(n1, n2) <= 10000 and not any('Exact calculation unsuccessful' in str(w.message) for w in caught) else 0.0
        out.append(struct.pack('<dddd', float(res.statistic), float(res.pvalue), psi(a, b, bins, epsilon), exact))
    with open(sys.argv[2], 'wb') as f:
        f.write(b''.join(out))
    return 0


if __name__ == '__main__':
    sys.exit(main())
