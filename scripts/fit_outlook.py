"""Fit the pair-outlook weights on ICEWS14's train split and backtest them on its test windows.

Writes ``src/newsgraph/forecast/outlook_weights.json`` (ten weights) and prints the backtest:
Brier score and expected calibration error of P(at least one event of a type a -> b in the next
H days) on the test period, beside the base-rate forecast. Run from the checkout:

    .venv/bin/python scripts/fit_outlook.py [../shared/data/icews14]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from newsgraph.forecast.history import read_splits
from newsgraph.forecast.outlook import WEIGHTS, backtest, fit_outlook, typed_from_quadruples

TRAIN_CUTOFFS = list(range(120, 271, 30))  # windows of up to 30 days stay inside train (0-303)
HORIZONS = [7, 30]


def main(folder: Path) -> None:
    start = time.process_time()
    sp = read_splits(folder)
    full = sp.train.concat(sp.valid).concat(sp.test)
    h = typed_from_quadruples(full.s, full.r, full.o, full.t, full.n_entities,
                              full.relation_names or [str(i) for i in range(full.n_relations)])
    model = fit_outlook(h, TRAIN_CUTOFFS, HORIZONS, fitted_on=f"{folder.name} train split, "
                        f"cutoffs {TRAIN_CUTOFFS}, horizons {HORIZONS} days")
    WEIGHTS.write_text(model.to_json(), encoding="utf-8")
    test_start = int(np.unique(sp.test.t)[0])
    last = int(sp.test.t.max())
    for horizon in HORIZONS:
        cutoffs = [c for c in range(test_start - 1, last, 7) if c + horizon <= last]
        bt = backtest(h, model, cutoffs, horizon)
        print(f"horizon {horizon:2d} d: {bt.rows} rows ({bt.positives} happened) at cutoffs "
              f"{bt.cutoffs}: Brier {bt.brier:.4f} (base rate {bt.base_rate_brier:.4f}), "
              f"ECE {bt.ece:.4f}")
    print(f"{time.process_time() - start:.0f} s CPU; weights written to {WEIGHTS}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data/icews14"))
