"""Generates the drift benchmark data once: reference.csv and current.csv (a header row, one column per feature)
and the same values as raw little-endian float64 files (<feature>.ref.f64, <feature>.cur.f64) for the
computation-only timings, which must not include parsing.

Features (chosen so the 1,000,000 vs 1,000,000 case walks every branch the asymptotic p-value takes there):
  same      N(0, 1) in both: small D, Pelz-Good
  small     N(0, 1) vs N(0.01, 1): D about 0.004, n D^2 in [2.2, 370): twice the one-sided Smirnov sum
  shifted   N(0, 1) vs N(0.5, 1): large D, p-value 0
  integers  Poisson(3) counts in both, one more in 1 of 50 current rows: heavy ties (and the Smirnov sum)
"""
import argparse
import os

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--rows', type=int, default=1_000_000)
    parser.add_argument('--seed', type=int, default=42)
    parser.add_argument('--out', required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    n = args.rows
    ref = {
        'same': rng.normal(0, 1, n),
        'small': rng.normal(0, 1, n),
        'shifted': rng.normal(0, 1, n),
        'integers': rng.poisson(3, n).astype(np.float64),
    }
    cur_int = rng.poisson(3, n).astype(np.float64)
    cur_int[rng.random(n) < 0.02] += 1
    cur = {
        'same': rng.normal(0, 1, n),
        'small': rng.normal(0.01, 1, n),
        'shifted': rng.normal(0.5, 1, n),
        'integers': cur_int,
    }
    for name, data in (('reference', ref), ('current', cur)):
        names = list(data)
        # repr-exact text: every value round-trips, so both readers see the same doubles.
        columns = [[repr(float(v)) for v in data[k]] for k in names]
        with open(os.path.join(args.out, f'{name}.csv'), 'w', newline='') as f:
            f.write(','.join(names) + '\n')
            f.writelines(','.join(row) + '\n' for row in zip(*columns))
        for k in names:
            data[k].astype('<f8').tofile(os.path.join(args.out, f"{k}.{'ref' if name == 'reference' else 'cur'}.f64"))
    print(args.out)


if __name__ == '__main__':
    main()
