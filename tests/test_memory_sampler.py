"""Peak memory per step comes from samples inside each step's window."""

from __future__ import annotations

import time

from askel.memory import MemorySampler


def test_each_step_gets_the_highest_sample_inside_its_window() -> None:
    sampler = MemorySampler()
    sampler.samples = [(10.0, 100.0), (11.0, 300.0), (12.0, 200.0), (13.0, 900.0)]
    peaks = sampler.peaks({"a": (10.0, 12.0), "b": (12.5, 13.5), "c": (20.0, 21.0)})
    assert peaks == {"a": 300.0, "b": 900.0, "c": 0.0}


def test_sampler_records_this_process_while_running() -> None:
    with MemorySampler(interval_s=0.01) as sampler:
        time.sleep(0.1)
        before = (sampler.samples[0][0], time.time())
        ballast = b"x" * (128 * 2**20)  # 128 MiB written, so resident, during the window
        started = time.time()
        time.sleep(0.1)
        ended = time.time()
    del ballast
    peaks = sampler.peaks({"before": before, "holding": (started, ended)})
    assert peaks["holding"] - peaks["before"] > 100
